package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.connector.SchemaTableName;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.apache.avro.generic.GenericData;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.avro.AvroSchemaUtil;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.DVFileWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetAvroWriter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables whose rows another engine deleted, with delete files written by iceberg-core's own writers: position
 * delete files (of one data file, and of a whole partition), equality delete files (global and of a
 * partition, on one and on two columns, with nulls, after schema and partition evolution) and deletion
 * vectors. Each query returns the rows a reader applying the Iceberg specification returns.
 */
final class TestReadingRowDeletes
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-row-deletes");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .build();
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testPositionDeletesOfOneDataFile()
    {
        assertUpdate("CREATE TABLE position_one_file (id bigint, name varchar)");
        insertIds("position_one_file", 0, 999);
        insertIds("position_one_file", 1000, 1999);
        insertIds("position_one_file", 2000, 2999);

        Table table = loadTable("position_one_file");
        DataFile file = dataFileHolding(table, 1500);
        List<Long> deleted = writePositionDeletes(table, List.of(file), id -> id % 7 == 3);
        assertThat(deleted).isNotEmpty();

        assertRowsWithout("position_one_file", 0, 2999, deleted);
        assertQuery("SELECT name FROM position_one_file WHERE id BETWEEN 1500 AND 1520", "VALUES " + idsBetween(1500, 1520).stream()
                .filter(id -> !deleted.contains(id))
                .map(id -> "'name-" + id + "'")
                .collect(Collectors.joining(", ")));
        // a count over the table reads only the positions
        assertQuery("SELECT count(*) FROM position_one_file", "VALUES " + (3000 - deleted.size()));
        // a second delete file for the same data file adds to the first
        List<Long> moreDeleted = writePositionDeletes(loadTable("position_one_file"), List.of(file), id -> id % 7 == 4);
        assertRowsWithout("position_one_file", 0, 2999, union(deleted, moreDeleted));
    }

    @Test
    void testPositionDeletesOfAPartition()
    {
        assertUpdate("CREATE TABLE position_partition (id bigint, name varchar, part integer) WITH (partitioning = ARRAY['part'])");
        assertUpdate("INSERT INTO position_partition SELECT x, 'name-' || CAST(x AS varchar), CAST(x % 2 AS integer) FROM UNNEST(sequence(0, 999)) t(x)", 1000);
        assertUpdate("INSERT INTO position_partition SELECT x, 'name-' || CAST(x AS varchar), CAST(x % 2 AS integer) FROM UNNEST(sequence(1000, 1999)) t(x)", 1000);

        // one delete file for both data files of partition 1: it names no single data file
        Table table = loadTable("position_partition");
        List<DataFile> partitionOne = dataFiles(table).stream()
                .filter(file -> file.partition().get(0, Integer.class) == 1)
                .toList();
        assertThat(partitionOne).hasSizeGreaterThanOrEqualTo(2);
        List<Long> deleted = writePositionDeletes(table, partitionOne, id -> id % 10 == 1);
        assertThat(deleted).hasSize(200);

        // rows added after the delete file, at the positions it lists, are not deleted by it
        assertUpdate("INSERT INTO position_partition SELECT x, 'name-' || CAST(x AS varchar), CAST(x % 2 AS integer) FROM UNNEST(sequence(2000, 2999)) t(x)", 1000);
        assertRowsWithout("position_partition", 0, 2999, deleted);
        assertQuery("SELECT part, count(*) FROM position_partition GROUP BY part", "VALUES (0, 1500), (1, 1300)");
    }

    @Test
    void testEqualityDeletes()
    {
        assertUpdate("CREATE TABLE equality_global (id bigint, name varchar, score double)");
        assertUpdate("INSERT INTO equality_global SELECT x, 'name-' || CAST(x AS varchar), x / 10.0 FROM UNNEST(sequence(0, 999)) t(x)", 1000);
        assertUpdate("INSERT INTO equality_global VALUES (NULL, 'no id', 1.0), (NULL, 'no id either', 2.0), (2000, NULL, 3.0)", 3);

        Table table = loadTable("equality_global");
        Schema idSchema = table.schema().select("id");
        List<Record> idDeletes = new ArrayList<>();
        for (long id = 0; id < 1000; id += 3) {
            idDeletes.add(record(idSchema, "id", id));
        }
        idDeletes.add(record(idSchema, "id", null));
        writeEqualityDeletes(table, idSchema, null, idDeletes);

        // rows written after the equality delete file are not deleted by it, even with the same values
        assertUpdate("INSERT INTO equality_global VALUES (3, 'three again', 0.3), (NULL, 'a later null', 9.0)", 2);
        assertQuery("SELECT count(*) FROM equality_global", "VALUES " + (1000 - 334 + 1 + 2));
        assertQuery("SELECT id, name FROM equality_global WHERE id IS NULL OR id < 10 OR id = 2000",
                "VALUES (1, 'name-1'), (2, 'name-2'), (4, 'name-4'), (5, 'name-5'), (7, 'name-7'), (8, 'name-8'), (3, 'three again'), (NULL, 'a later null'), (2000, NULL)");

        // on two columns, nulls equal to nulls: deletes (1, 'name-1') and (2000, NULL), not (2, 'other')
        Schema pairSchema = loadTable("equality_global").schema().select("id", "name");
        GenericRecord pair = GenericRecord.create(pairSchema);
        writeEqualityDeletes(loadTable("equality_global"), pairSchema, null, List.of(
                pair.copy(Map.of("id", 1L, "name", "name-1")),
                pair.copy(Map.of("id", 2L, "name", "other")),
                withNull(pair.copy(Map.of("id", 2000L)), "name")));
        assertQuery("SELECT id, name FROM equality_global WHERE id IS NULL OR id < 10 OR id = 2000",
                "VALUES (2, 'name-2'), (4, 'name-4'), (5, 'name-5'), (7, 'name-7'), (8, 'name-8'), (3, 'three again'), (NULL, 'a later null')");
        // the engine asked only for the score: the equality columns are read too, and not returned
        assertQuery("SELECT sum(score) FROM equality_global WHERE id < 10", "VALUES 0.2 + 0.4 + 0.5 + 0.7 + 0.8 + 0.3");
    }

    @Test
    void testEqualityDeletesOfAPartition()
    {
        assertUpdate("CREATE TABLE equality_partition (id bigint, part integer) WITH (partitioning = ARRAY['part'])");
        assertUpdate("INSERT INTO equality_partition SELECT x % 100, CAST(x / 100 AS integer) FROM UNNEST(sequence(0, 299)) t(x)", 300);

        Table table = loadTable("equality_partition");
        Schema idSchema = table.schema().select("id");
        DataFile partitionOne = dataFiles(table).stream().filter(file -> file.partition().get(0, Integer.class) == 1).findFirst().orElseThrow();
        writeEqualityDeletes(table, idSchema, partitionOne.partition(), List.of(record(idSchema, "id", 5L), record(idSchema, "id", 6L)));

        assertQuery("SELECT part, count(*) FROM equality_partition WHERE id IN (5, 6, 7) GROUP BY part", "VALUES (0, 3), (1, 1), (2, 3)");
        assertQuery("SELECT count(*) FROM equality_partition", "VALUES 298");
    }

    @Test
    void testDeletesAfterSchemaAndPartitionEvolution()
    {
        assertUpdate("CREATE TABLE evolved (id bigint, part integer) WITH (partitioning = ARRAY['part'])");
        assertUpdate("INSERT INTO evolved SELECT x, CAST(x % 3 AS integer) FROM UNNEST(sequence(0, 299)) t(x)", 300);
        Table table = loadTable("evolved");
        table.updateSchema().addColumn("tag", Types.StringType.get()).commit();
        table.updateSpec().removeField("part").commit();
        assertUpdate("INSERT INTO evolved SELECT x, CAST(x % 3 AS integer), CASE WHEN x % 2 = 0 THEN 'even' END FROM UNNEST(sequence(300, 599)) t(x)", 300);

        // a position delete file in partition 0 of the first spec: only the first spec's data files
        table = loadTable("evolved");
        List<DataFile> files = ImmutableList.<DataFile>builder()
                .addAll(dataFiles(table).stream().filter(file -> file.specId() == 0 && file.partition().get(0, Integer.class) == 0).toList())
                .addAll(dataFiles(table).stream().filter(file -> file.specId() != 0).toList())
                .build();
        List<Long> deleted = writePositionDeletes(table, files, id -> id % 30 == 0);
        // the new files' positions are written into the old spec's partition as well, and must not apply to them
        assertThat(deleted).containsExactlyInAnyOrder(0L, 30L, 60L, 90L, 120L, 150L, 180L, 210L, 240L, 270L);
        assertQuery("SELECT count(*) FROM evolved", "VALUES 590");
        assertQuery("SELECT count(*) FROM evolved WHERE id >= 300", "VALUES 300");

        // an equality delete on the added column, unpartitioned (global): null deletes all rows of old files
        table = loadTable("evolved");
        Schema tagSchema = table.schema().select("tag");
        writeEqualityDeletes(table, tagSchema, null, List.of(record(tagSchema, "tag", null)));
        loadTable("evolved").updateSchema().renameColumn("tag", "label").commit();
        assertQuery("SELECT count(*), min(id), max(id), count(DISTINCT label) FROM evolved", "VALUES (150, 300, 598, 1)");
    }

    @Test
    void testDeletionVectors()
    {
        assertUpdate("CREATE TABLE vectors (id bigint, name varchar)");
        insertIds("vectors", 0, 999);
        insertIds("vectors", 1000, 1999);
        Table table = loadTable("vectors");
        table.updateProperties().set(TableProperties.FORMAT_VERSION, "3").commit();

        table = loadTable("vectors");
        DataFile file = dataFileHolding(table, 10);
        List<Long> deleted = writeDeletionVector(table, file, id -> id % 4 == 1);
        assertThat(deleted).isNotEmpty();
        assertRowsWithout("vectors", 0, 1999, deleted);
        assertQuery("SELECT count(*) FROM vectors WHERE id < 1000", "VALUES " + (1000 - deleted.size()));
    }

    @Test
    void testPositionDeletesWithFilterAndDynamicFilter()
    {
        assertUpdate("CREATE TABLE position_filtered (id bigint, name varchar)");
        insertIds("position_filtered", 0, 4999);
        Table table = loadTable("position_filtered");
        List<Long> deleted = writePositionDeletes(table, dataFiles(table), id -> id % 2 == 0);
        assertQuery("SELECT count(*) FROM position_filtered WHERE id BETWEEN 100 AND 199", "VALUES 50");
        assertQuery("SELECT t.id FROM position_filtered t JOIN (VALUES 10, 11, 12, 13) v(id) ON t.id = v.id", "VALUES 11, 13");
        assertRowsWithout("position_filtered", 0, 4999, deleted);
    }

    @Test
    void testPositionDeletesInFileWithPageIndexes()
            throws IOException
    {
        // a data file as parquet-mr writes it, with column indexes over pages of 100 rows: pages the filter
        // rules out must not shift the positions of the rows read
        assertUpdate("CREATE TABLE position_pages (id bigint, name varchar)");
        Table table = loadTable("position_pages");
        OutputFile output = table.io().newOutputFile(table.location() + "/data/written-by-parquet-mr.parquet");
        org.apache.avro.Schema avroSchema = AvroSchemaUtil.convert(table.schema(), "position_pages");
        FileAppender<GenericData.Record> appender = Parquet.write(output)
                .forTable(table)
                .createWriterFunc(ParquetAvroWriter::buildWriter)
                .set(TableProperties.PARQUET_COMPRESSION, "uncompressed")
                .set(TableProperties.PARQUET_PAGE_ROW_LIMIT, "100")
                .build();
        try (appender) {
            for (long id = 0; id < 5000; id++) {
                GenericData.Record record = new GenericData.Record(avroSchema);
                record.put("id", id);
                record.put("name", "name-" + id);
                appender.add(record);
            }
        }
        table.newAppend()
                .appendFile(DataFiles.builder(table.spec())
                        .withPath(output.location())
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(appender.length())
                        .withMetrics(appender.metrics())
                        .build())
                .commit();
        table = loadTable("position_pages");
        List<Long> deleted = writePositionDeletes(table, dataFiles(table), id -> id % 7 == 0);
        assertQuery("SELECT id FROM position_pages WHERE id BETWEEN 3000 AND 3010", "VALUES 3000, 3001, 3002, 3004, 3005, 3006, 3007, 3008, 3009");
        assertQuery("SELECT count(*) FROM position_pages WHERE id >= 4500", "VALUES 428");
        assertRowsWithout("position_pages", 0, 4999, deleted);
    }

    private void insertIds(String table, long first, long last)
    {
        assertUpdate("INSERT INTO %s SELECT x, 'name-' || CAST(x AS varchar) FROM UNNEST(sequence(%s, %s)) t(x)".formatted(table, first, last), last - first + 1);
    }

    private void assertRowsWithout(String table, long first, long last, List<Long> deleted)
    {
        String remaining = "SELECT x, 'name-' || CAST(x AS varchar) FROM UNNEST(sequence(%s, %s)) t(x) WHERE x NOT IN (%s)"
                .formatted(first, last, deleted.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        // the expected rows computed by Trino itself (from a sequence, not from the table)
        assertThat(query("SELECT id, name FROM " + table)).matches(remaining);
        assertThat(query("SELECT count(*), sum(id) FROM " + table)).matches("SELECT count(*), sum(x) FROM (" + remaining + ") r(x, name)");
    }

    private static List<Long> idsBetween(long first, long last)
    {
        List<Long> ids = new ArrayList<>();
        for (long id = first; id <= last; id++) {
            ids.add(id);
        }
        return ids;
    }

    private static List<Long> union(List<Long> first, List<Long> second)
    {
        return ImmutableList.<Long>builder().addAll(first).addAll(second).build();
    }

    /**
     * The table as iceberg-core sees it, through a catalog of its own (as another engine would).
     */
    private Table loadTable(String name)
    {
        LakehouseConfig config = new LakehouseConfig().setWarehouse(warehouse.toString());
        LakehouseCatalog catalog = new LakehouseCatalog(new JdbcIcebergCatalogFactory(new LocalFileSystemFactory(Path.of("/")), config, new JdbcCatalogConfig()), config);
        return catalog.loadExistingTable(new SchemaTableName(LakehouseQueryRunner.SCHEMA, name));
    }

    private static List<DataFile> dataFiles(Table table)
    {
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(Comparator.comparing(DataFile::location));
        return files;
    }

    private static DataFile dataFileHolding(Table table, long id)
    {
        return dataFiles(table).stream()
                .filter(file -> readIds(table, file).contains(id))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The ids of a data file's rows, in file order, read with Iceberg's generic Parquet reader.
     */
    private static List<Long> readIds(Table table, DataFile file)
    {
        Schema schema = table.schema().select("id");
        List<Long> ids = new ArrayList<>();
        try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(file.location()))
                .project(schema)
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
                .build()) {
            records.forEach(record -> ids.add((Long) record.getField("id")));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /**
     * Writes one position delete file, in the partition of the first data file, with the positions of the
     * rows of the data files whose ids match, and commits it.
     *
     * @return the ids of the rows deleted in files of that partition and spec
     */
    private static List<Long> writePositionDeletes(Table table, List<DataFile> files, Predicate<Long> deleted)
    {
        DataFile first = files.getFirst();
        OutputFile output = table.io().newOutputFile(table.location() + "/data/position-deletes-" + UUID.randomUUID() + ".parquet");
        List<Long> deletedIds = new ArrayList<>();
        try {
            PositionDeleteWriter<Record> writer = Parquet.writeDeletes(output)
                    .forTable(table)
                    // positions only, without the deleted rows
                    .rowSchema(null)
                    .withSpec(table.specs().get(first.specId()))
                    .withPartition(table.specs().get(first.specId()).isUnpartitioned() ? null : first.partition())
                    .overwrite()
                    .buildPositionWriter();
            PositionDelete<Record> delete = PositionDelete.create();
            try (writer) {
                for (DataFile file : files.stream().sorted(Comparator.comparing(DataFile::location)).toList()) {
                    List<Long> ids = readIds(table, file);
                    for (int position = 0; position < ids.size(); position++) {
                        if (deleted.test(ids.get(position))) {
                            writer.write(delete.set(file.location(), position, null));
                            if (file.specId() == first.specId() && samePartition(file.partition(), first.partition())) {
                                deletedIds.add(ids.get(position));
                            }
                        }
                    }
                }
            }
            table.newRowDelta().addDeletes(writer.toDeleteFile()).commit();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deletedIds;
    }

    private static boolean samePartition(StructLike left, StructLike right)
    {
        if (left.size() != right.size()) {
            return false;
        }
        for (int index = 0; index < left.size(); index++) {
            if (!Objects.equals(left.get(index, Object.class), right.get(index, Object.class))) {
                return false;
            }
        }
        return true;
    }

    private static void writeEqualityDeletes(Table table, Schema deleteSchema, StructLike partition, List<Record> rows)
    {
        OutputFile output = table.io().newOutputFile(table.location() + "/data/equality-deletes-" + UUID.randomUUID() + ".parquet");
        try {
            EqualityDeleteWriter<Record> writer = Parquet.writeDeletes(output)
                    .forTable(table)
                    .withSpec(partition == null ? unpartitionedSpec(table) : table.spec())
                    .withPartition(partition)
                    .rowSchema(deleteSchema)
                    .createWriterFunc(GenericParquetWriter::create)
                    .equalityFieldIds(deleteSchema.columns().stream().map(column -> column.fieldId()).toList())
                    .overwrite()
                    .buildEqualityWriter();
            try (writer) {
                rows.forEach(writer::write);
            }
            table.newRowDelta().addDeletes(writer.toDeleteFile()).commit();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The table's unpartitioned spec: a global equality delete file must be written with one the table knows.
     */
    private static PartitionSpec unpartitionedSpec(Table table)
    {
        return table.specs().values().stream()
                .filter(PartitionSpec::isUnpartitioned)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("table " + table.name() + " has no unpartitioned spec"));
    }

    private static List<Long> writeDeletionVector(Table table, DataFile file, Predicate<Long> deleted)
    {
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PUFFIN).build();
        DVFileWriter writer = new BaseDVFileWriter(files, path -> null);
        List<Long> deletedIds = new ArrayList<>();
        List<Long> ids = readIds(table, file);
        try (writer) {
            for (int position = 0; position < ids.size(); position++) {
                if (deleted.test(ids.get(position))) {
                    writer.delete(file.location(), position, table.specs().get(file.specId()), file.partition());
                    deletedIds.add(ids.get(position));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RowDelta rowDelta = table.newRowDelta();
        writer.result().deleteFiles().forEach(rowDelta::addDeletes);
        rowDelta.commit();
        return deletedIds;
    }

    private static Record record(Schema schema, String column, Object value)
    {
        GenericRecord record = GenericRecord.create(schema);
        record.setField(column, value);
        return record;
    }

    private static Record withNull(Record record, String column)
    {
        record.setField(column, null);
        return record;
    }
}
