package dev.lakehouse.connector.reader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.LakehouseSplit;
import dev.lakehouse.connector.convert.ValueConverter;
import dev.lakehouse.connector.fileio.FileLocations;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInputFile;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.Column;
import io.trino.parquet.Field;
import io.trino.parquet.ParquetCorruptionException;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetDataSourceId;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.metadata.FileMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.predicate.TupleDomainParquetPredicate;
import io.trino.parquet.reader.MetadataReader;
import io.trino.parquet.reader.ParquetReader;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_BAD_DATA;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_CANNOT_OPEN_SPLIT;
import static dev.lakehouse.connector.LakehouseSessionProperties.isParquetIgnoreStatistics;
import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
import static io.trino.parquet.ParquetTypeUtils.constructField;
import static io.trino.parquet.ParquetTypeUtils.getColumnIO;
import static io.trino.parquet.ParquetTypeUtils.getDescriptors;
import static io.trino.parquet.predicate.PredicateUtils.buildPredicate;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static java.util.Objects.requireNonNull;
import static org.joda.time.DateTimeZone.UTC;

/**
 * Opens a split of a Parquet data file with Trino's Parquet reader: maps the requested columns to the
 * file's columns by Iceberg field id, reads only those columns (and only the nested fields asked for),
 * and skips row groups whose statistics exclude the scan's predicate or the dynamic filters.
 */
public class ParquetPageSourceFactory
{
    // how many distinct values of a domain are kept when checking dictionaries and bloom filters
    private static final int DOMAIN_COMPACTION_THRESHOLD = 1000;

    private final TrinoFileSystemFactory fileSystemFactory;
    private final ParquetReaderOptions options;

    @Inject
    public ParquetPageSourceFactory(TrinoFileSystemFactory fileSystemFactory, ReaderConfig config)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.options = config.toParquetReaderOptions();
    }

    /**
     * Whether the predicate restricts a real or double column. Trino's Parquet reader looks a value up in
     * row-group bloom filters by its bits only: it skips the row groups holding {@code 0.0} when asked for
     * {@code -0.0}, which SQL holds equal, so it must not use bloom filters for such a predicate. Column
     * indexes are not used for it either: their bounds of zeros depend on the writer following the Parquet
     * specification's rule for signed zeros, which older writers did not.
     */
    private static boolean restrictsFloatingPoint(TupleDomain<LakehouseColumnHandle> predicate)
    {
        return predicate.getDomains()
                .map(domains -> domains.keySet().stream().anyMatch(column -> column.type() instanceof RealType || column.type() instanceof DoubleType))
                .orElse(false);
    }

    /**
     * @param predicate what the scan's filter says about the rows; row groups and pages it excludes are skipped
     * @param dynamicPredicate what dynamic filters say, counted separately
     */
    public ConnectorPageSource create(
            ConnectorSession session,
            LakehouseSplit split,
            List<LakehouseColumnHandle> columns,
            TupleDomain<LakehouseColumnHandle> predicate,
            TupleDomain<LakehouseColumnHandle> dynamicPredicate)
    {
        return create(session, split, columns, predicate, dynamicPredicate, false);
    }

    /**
     * @param appendRowPosition whether pages end with a {@code bigint} channel of each row's position in the
     *         file (pages are then not skipped within row groups by column indexes, which would shift positions)
     */
    public ConnectorPageSource create(
            ConnectorSession session,
            LakehouseSplit split,
            List<LakehouseColumnHandle> columns,
            TupleDomain<LakehouseColumnHandle> predicate,
            TupleDomain<LakehouseColumnHandle> dynamicPredicate,
            boolean appendRowPosition)
    {
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        ParquetReaderOptions readerOptions = ParquetReaderOptions.builder(options)
                .withIgnoreStatistics(isParquetIgnoreStatistics(session))
                .withBloomFilter(options.useBloomFilter() && !restrictsFloatingPoint(predicate) && !restrictsFloatingPoint(dynamicPredicate))
                .withUseColumnIndex(options.isUseColumnIndex() && !appendRowPosition && !restrictsFloatingPoint(predicate) && !restrictsFloatingPoint(dynamicPredicate))
                .build();
        Location location = FileLocations.of(split.path());
        AggregatedMemoryContext memoryContext = newSimpleAggregatedMemoryContext();
        ParquetDataSource dataSource = null;
        try {
            TrinoInputFile inputFile = fileSystem.newInputFile(location, split.fileSize());
            // a small file is one split (the split size is larger): read it whole, once
            boolean wholeFile = split.start() == 0 && split.length() == split.fileSize();
            dataSource = wholeFile && split.fileSize() <= readerOptions.getSmallFileThreshold().toBytes()
                    ? new WholeFileParquetDataSource(inputFile, split.fileSize(), memoryContext)
                    : new TrinoParquetDataSource(inputFile, split.fileSize(), readerOptions);
            return createPageSource(dataSource, memoryContext, split, columns, predicate, dynamicPredicate, readerOptions, appendRowPosition);
        }
        catch (IOException | RuntimeException e) {
            if (dataSource != null) {
                try {
                    dataSource.close();
                }
                catch (IOException | RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            if (e instanceof TrinoException trinoException) {
                throw trinoException;
            }
            if (e instanceof ParquetCorruptionException) {
                throw new TrinoException(LAKEHOUSE_BAD_DATA, "Parquet file %s is corrupt: %s".formatted(location, e.getMessage()), e);
            }
            if (e instanceof FileNotFoundException) {
                throw new TrinoException(LAKEHOUSE_CANNOT_OPEN_SPLIT, "Data file %s of the table is missing".formatted(location), e);
            }
            throw new TrinoException(LAKEHOUSE_CANNOT_OPEN_SPLIT, "Failed to open data file %s (offset %s, length %s): %s".formatted(location, split.start(), split.length(), e.getMessage()), e);
        }
    }

    private static ConnectorPageSource createPageSource(
            ParquetDataSource dataSource,
            AggregatedMemoryContext memoryContext,
            LakehouseSplit split,
            List<LakehouseColumnHandle> columns,
            TupleDomain<LakehouseColumnHandle> predicate,
            TupleDomain<LakehouseColumnHandle> dynamicPredicate,
            ParquetReaderOptions options,
            boolean appendRowPosition)
            throws IOException
    {
        ParquetMetadata parquetMetadata = MetadataReader.readFooter(dataSource, Optional.empty());
        FileMetadata fileMetadata = parquetMetadata.getFileMetaData();
        MessageType fileSchema = fileMetadata.getSchema();
        Map<Integer, org.apache.parquet.schema.Type> fileFieldsById = topLevelFieldsById(fileSchema, columns);

        // which top-level columns to read, and of each only the nested fields asked for
        Map<Integer, List<LakehouseColumnHandle>> columnsByBase = new LinkedHashMap<>();
        for (LakehouseColumnHandle column : columns) {
            columnsByBase.computeIfAbsent(column.baseFieldId(), _ -> new ArrayList<>()).add(column);
        }
        List<org.apache.parquet.schema.Type> requestedFields = new ArrayList<>();
        // read with the names the file gives the nested fields
        Map<Integer, Type> readTypes = new HashMap<>();
        Map<Integer, Optional<FileFieldNames>> fileNames = new HashMap<>();
        for (Map.Entry<Integer, List<LakehouseColumnHandle>> entry : columnsByBase.entrySet()) {
            org.apache.parquet.schema.Type fileField = fileFieldsById.get(entry.getKey());
            if (fileField == null) {
                continue;
            }
            LakehouseColumnHandle base = entry.getValue().getFirst().baseColumn();
            Optional<FileFieldNames> names = FileFieldNames.of(base, fileField);
            fileNames.put(entry.getKey(), names);
            Type readType = names.map(FileFieldNames::type).orElse(base.baseType());
            boolean whole = entry.getValue().stream().anyMatch(LakehouseColumnHandle::isBaseColumn);
            if (whole || !(readType instanceof RowType) || fileField.isPrimitive()) {
                requestedFields.add(fileField);
                readTypes.put(entry.getKey(), readType);
            }
            else {
                List<List<String>> paths = entry.getValue().stream()
                        .map(column -> filePath(column, names))
                        .flatMap(Optional::stream)
                        .toList();
                if (paths.isEmpty()) {
                    // none of the fields read is in this file
                    continue;
                }
                requestedFields.add(NestedFieldPruning.pruneGroup(fileField.asGroupType(), paths));
                readTypes.put(entry.getKey(), NestedFieldPruning.pruneRow((RowType) readType, paths));
            }
        }
        MessageType requestedSchema = new MessageType(fileSchema.getName(), requestedFields);
        MessageColumnIO messageColumnIO = getColumnIO(fileSchema, requestedSchema);

        ImmutableList.Builder<Column> readerColumns = ImmutableList.builder();
        Map<Integer, Integer> readerChannels = new HashMap<>();
        for (org.apache.parquet.schema.Type requestedField : requestedFields) {
            int fieldId = fieldIdByName(fileFieldsById, requestedField.getName());
            Optional<Field> field = constructField(readTypes.get(fieldId), messageColumnIO.getChild(requestedField.getName()));
            if (field.isPresent()) {
                readerChannels.put(fieldId, readerChannels.size());
                readerColumns.add(new Column(requestedField.getName(), field.get()));
            }
        }

        ImmutableList.Builder<ColumnMapping> mappings = ImmutableList.builderWithExpectedSize(columns.size());
        for (LakehouseColumnHandle column : columns) {
            Integer channel = readerChannels.get(column.baseFieldId());
            Optional<List<String>> path = filePath(column, fileNames.getOrDefault(column.baseFieldId(), Optional.empty()));
            if (channel == null || path.isEmpty()) {
                mappings.add(ColumnMapping.nulls(column.type()));
                continue;
            }
            int[] dereference = NestedFieldPruning.fieldIndexes(readTypes.get(column.baseFieldId()), path.get());
            mappings.add(ColumnMapping.channel(channel, dereference, column.type()));
        }
        if (appendRowPosition) {
            // the reader appends the row numbers after its columns
            mappings.add(ColumnMapping.channel(readerChannels.size(), new int[0], BIGINT));
        }

        // row groups of this split, and those left after the predicate, then after the dynamic filters
        Map<List<String>, ColumnDescriptor> descriptorsByPath = getDescriptors(fileSchema, requestedSchema);
        TupleDomain<ColumnDescriptor> parquetPredicate = options.isIgnoreStatistics()
                ? TupleDomain.all()
                : toParquetDomain(predicate, fileFieldsById, fileNames, descriptorsByPath);
        Optional<TupleDomain<ColumnDescriptor>> dynamicParquetPredicate = Optional.empty();
        if (!options.isIgnoreStatistics() && !dynamicPredicate.isAll()) {
            dynamicParquetPredicate = Optional.of(toParquetDomain(predicate.intersect(dynamicPredicate), fileFieldsById, fileNames, descriptorsByPath))
                    .filter(domain -> !domain.equals(parquetPredicate));
        }
        RowGroupPruning pruning = new RowGroupPruning(dataSource, descriptorsByPath, options);
        List<RowGroupInfo> rowGroups = pruning.select(parquetMetadata, split.start(), split.length(), requestedSchema, parquetPredicate, dynamicParquetPredicate);
        // pages within the row groups are skipped by their column indexes, where the file has them
        TupleDomain<ColumnDescriptor> pagePredicate = dynamicParquetPredicate.orElse(parquetPredicate);
        Optional<TupleDomainParquetPredicate> pageFilter = pagePredicate.isAll()
                ? Optional.empty()
                : Optional.of(buildPredicate(requestedSchema, pagePredicate, descriptorsByPath, UTC));

        ParquetDataSourceId dataSourceId = dataSource.getId();
        ParquetReader reader = new ParquetReader(
                Optional.ofNullable(fileMetadata.getCreatedBy()),
                readerColumns.build(),
                appendRowPosition,
                rowGroups,
                dataSource,
                UTC,
                memoryContext,
                options,
                exception -> translateReadFailure(dataSourceId, exception),
                pageFilter,
                Optional.empty());
        return new LakehouseParquetPageSource(reader, dataSource, mappings.build(), pruning.metrics());
    }

    /**
     * The predicate on the file's Parquet columns: domains of primitive columns (top-level, or nested in rows) that the file has.
     */
    private static TupleDomain<ColumnDescriptor> toParquetDomain(
            TupleDomain<LakehouseColumnHandle> predicate,
            Map<Integer, org.apache.parquet.schema.Type> fileFieldsById,
            Map<Integer, Optional<FileFieldNames>> fileNames,
            Map<List<String>, ColumnDescriptor> descriptorsByPath)
    {
        if (predicate.isNone()) {
            return TupleDomain.none();
        }
        ImmutableMap.Builder<ColumnDescriptor, Domain> domains = ImmutableMap.builder();
        for (Map.Entry<LakehouseColumnHandle, Domain> entry : predicate.getDomains().orElseThrow().entrySet()) {
            LakehouseColumnHandle column = entry.getKey();
            org.apache.parquet.schema.Type fileField = fileFieldsById.get(column.baseFieldId());
            if (fileField == null || !ValueConverter.isConvertible(column.type())) {
                continue;
            }
            Optional<List<String>> nestedPath = filePath(column, fileNames.getOrDefault(column.baseFieldId(), Optional.empty()));
            if (nestedPath.isEmpty()) {
                // a nested field the file does not have: its domain says nothing about the file's columns
                continue;
            }
            ImmutableList.Builder<String> path = ImmutableList.builder();
            path.add(fileField.getName());
            for (String name : nestedPath.get()) {
                path.add(name.toLowerCase(Locale.ENGLISH));
            }
            ColumnDescriptor descriptor = descriptorsByPath.get(path.build());
            if (descriptor != null && !(column.type() == DOUBLE && descriptor.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.FLOAT)) {
                // a real column widened to double since the file was written: Trino's statistics check cannot compare them
                domains.put(descriptor, entry.getValue());
            }
        }
        return TupleDomain.withColumnDomains(domains.buildKeepingLast());
    }

    /**
     * The names in the file of the nested fields a column reads: by their ids where the file has them, else the
     * column's own names; empty when the file does not have the field.
     */
    private static Optional<List<String>> filePath(LakehouseColumnHandle column, Optional<FileFieldNames> fileNames)
    {
        if (fileNames.isEmpty()) {
            return Optional.of(column.pathNames());
        }
        return fileNames.get().path(column.path());
    }

    /**
     * The file's top-level fields by Iceberg field id. A file written without field ids (by a tool that
     * does not know Iceberg, before the table was converted) is matched by column name instead.
     */
    private static Map<Integer, org.apache.parquet.schema.Type> topLevelFieldsById(MessageType fileSchema, List<LakehouseColumnHandle> columns)
    {
        Map<Integer, org.apache.parquet.schema.Type> fields = new HashMap<>();
        boolean hasIds = false;
        for (org.apache.parquet.schema.Type field : fileSchema.getFields()) {
            if (field.getId() != null) {
                hasIds = true;
                fields.putIfAbsent(field.getId().intValue(), field);
            }
        }
        if (!hasIds) {
            for (LakehouseColumnHandle column : columns) {
                String name = column.baseName().toLowerCase(Locale.ENGLISH);
                for (org.apache.parquet.schema.Type field : fileSchema.getFields()) {
                    if (field.getName().equals(name)) {
                        fields.putIfAbsent(column.baseFieldId(), field);
                    }
                }
            }
        }
        return fields;
    }

    private static int fieldIdByName(Map<Integer, org.apache.parquet.schema.Type> fieldsById, String name)
    {
        for (Map.Entry<Integer, org.apache.parquet.schema.Type> entry : fieldsById.entrySet()) {
            if (entry.getValue().getName().equals(name)) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("No field named " + name);
    }

    private static RuntimeException translateReadFailure(ParquetDataSourceId dataSourceId, Exception exception)
    {
        if (exception instanceof TrinoException trinoException) {
            return trinoException;
        }
        if (exception instanceof ParquetCorruptionException) {
            return new TrinoException(LAKEHOUSE_BAD_DATA, "Parquet file %s is corrupt: %s".formatted(dataSourceId, exception.getMessage()), exception);
        }
        return new TrinoException(LAKEHOUSE_BAD_DATA, "Failed to read Parquet file %s: %s".formatted(dataSourceId, exception.getMessage()), exception);
    }
}
