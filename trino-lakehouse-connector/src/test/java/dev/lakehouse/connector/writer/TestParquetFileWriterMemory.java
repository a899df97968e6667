package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.Type;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.parquet.format.CompressionCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openjdk.jol.info.GraphLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.Math.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The memory an open data file reports against the heap it really holds, measured by walking its objects:
 * a write of thousands of partitions keeps a file open for each, and an estimate far below the heap lets
 * such a write fill the server's heap before Trino's memory limits see it.
 */
@TestInstance(PER_CLASS)
final class TestParquetFileWriterMemory
{
    private static final int FILES = 20;
    private static final int PAGE_ROWS = 100;
    private static final int[] ROWS_PER_FILE = {10, 2_400, 24_000};

    private Path directory;

    @BeforeAll
    void setUp()
            throws IOException
    {
        directory = Files.createTempDirectory("writer-memory");
    }

    @AfterAll
    void tearDown()
            throws IOException
    {
        deleteRecursively(directory, ALLOW_INSECURE);
    }

    @Test
    void testEstimateFollowsHeapOfLineitemFiles()
    {
        Schema schema = new Schema(
                Types.NestedField.optional(1, "orderkey", Types.LongType.get()),
                Types.NestedField.optional(2, "partkey", Types.LongType.get()),
                Types.NestedField.optional(3, "suppkey", Types.LongType.get()),
                Types.NestedField.optional(4, "linenumber", Types.IntegerType.get()),
                Types.NestedField.optional(5, "quantity", Types.DoubleType.get()),
                Types.NestedField.optional(6, "extendedprice", Types.DoubleType.get()),
                Types.NestedField.optional(7, "discount", Types.DoubleType.get()),
                Types.NestedField.optional(8, "tax", Types.DoubleType.get()),
                Types.NestedField.optional(9, "returnflag", Types.StringType.get()),
                Types.NestedField.optional(10, "linestatus", Types.StringType.get()),
                Types.NestedField.optional(11, "shipdate", Types.DateType.get()),
                Types.NestedField.optional(12, "commitdate", Types.DateType.get()),
                Types.NestedField.optional(13, "receiptdate", Types.DateType.get()),
                Types.NestedField.optional(14, "shipinstruct", Types.StringType.get()),
                Types.NestedField.optional(15, "shipmode", Types.StringType.get()),
                Types.NestedField.optional(16, "comment", Types.StringType.get()));
        List<Type> types = ImmutableList.of(BIGINT, BIGINT, BIGINT, INTEGER, DOUBLE, DOUBLE, DOUBLE, DOUBLE, VARCHAR, VARCHAR, DATE, DATE, DATE, VARCHAR, VARCHAR, VARCHAR);
        for (int rows : ROWS_PER_FILE) {
            Iterator<LineItem> items = new LineItemGenerator(1, 1, 1).iterator();
            assertEstimateFollowsHeap("lineitem", schema, types, rows, () -> lineitemPage(items, types));
        }
    }

    @Test
    void testEstimateFollowsHeapOfUniqueBigints()
    {
        // the dictionaries of unique 8-byte values cost most beyond what the writer reports
        List<Type> types = ImmutableList.of(BIGINT, BIGINT, BIGINT, BIGINT);
        Random random = new Random(1);
        for (int rows : ROWS_PER_FILE) {
            assertEstimateFollowsHeap("unique bigints", schema(Types.LongType.get(), 4), types, rows, () -> page(types, random, (builder, r) -> BIGINT.writeLong(builder, r.nextLong())));
        }
    }

    @Test
    void testEstimateFollowsHeapOfFewDistinctStrings()
    {
        List<Type> types = ImmutableList.of(VARCHAR, VARCHAR, VARCHAR, VARCHAR);
        Random random = new Random(2);
        for (int rows : ROWS_PER_FILE) {
            assertEstimateFollowsHeap("few distinct strings", schema(Types.StringType.get(), 4), types, rows, () -> page(types, random, (builder, r) -> VARCHAR.writeSlice(builder, utf8Slice("value-" + r.nextInt(5)))));
        }
    }

    @Test
    void testEstimateFollowsHeapOfLongUniqueStrings()
    {
        // past a megabyte of dictionary, a column falls back to plain pages
        List<Type> types = ImmutableList.of(VARCHAR, VARCHAR);
        Random random = new Random(3);
        for (int rows : ROWS_PER_FILE) {
            assertEstimateFollowsHeap("long unique strings", schema(Types.StringType.get(), 2), types, rows, () -> page(types, random, (builder, r) -> VARCHAR.writeSlice(builder, utf8Slice(Long.toString(r.nextLong()).repeat(10)))));
        }
    }

    private void assertEstimateFollowsHeap(String data, Schema schema, List<Type> types, int rowsPerFile, Supplier<Page> pages)
    {
        LocalFileSystem fileSystem = new LocalFileSystem(directory);
        List<ParquetFileWriter> writers = new ArrayList<>();
        for (int file = 0; file < FILES; file++) {
            writers.add(new ParquetFileWriter(fileSystem, Location.of("local:///%s-%s-%s.parquet".formatted(data.replace(' ', '_'), rowsPerFile, file)), schema, types, ParquetWriterOptions.builder().build(), CompressionCodec.ZSTD, "476"));
        }
        // the rows of many partitions arrive interleaved, a hundred at a time
        for (int written = 0; written < rowsPerFile; written += PAGE_ROWS) {
            for (ParquetFileWriter writer : writers) {
                Page page = pages.get();
                writer.append(page.getRegion(0, min(PAGE_ROWS, rowsPerFile - written)));
            }
        }
        // what each file holds of its own: the objects all files share (codecs, the schema, the file system) are
        // reachable from the first, and left out with it
        List<ParquetFileWriter> measured = writers.subList(1, writers.size());
        long estimated = measured.stream().mapToLong(ParquetFileWriter::retainedBytes).sum();
        long heap = GraphLayout.parseInstance(measured.toArray())
                .subtract(GraphLayout.parseInstance(writers.getFirst()))
                .totalSize();
        writers.forEach(ParquetFileWriter::abort);

        // never far below the heap (the server's limits would not see the write coming), nor far above (files
        // would be written out early). Trino's writer alone reports 0.3 to 0.5 of it; the estimate measured 0.75
        // to 1.94, lowest for unique bigints, whose measured heap varies between runs by about a tenth
        assertThat((double) estimated / heap)
                .describedAs("estimate %,d bytes against a heap of %,d bytes for %s files of %s rows of %s", estimated, heap, measured.size(), rowsPerFile, data)
                .isBetween(0.7, 2.0);
    }

    private static Schema schema(org.apache.iceberg.types.Type type, int columns)
    {
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
            fields.add(Types.NestedField.optional(i, "c" + i, type));
        }
        return new Schema(fields);
    }

    private interface ValueWriter
    {
        void write(BlockBuilder builder, Random random);
    }

    private static Page page(List<Type> types, Random random, ValueWriter values)
    {
        Block[] blocks = new Block[types.size()];
        for (int channel = 0; channel < blocks.length; channel++) {
            BlockBuilder builder = types.get(channel).createBlockBuilder(null, PAGE_ROWS);
            for (int row = 0; row < PAGE_ROWS; row++) {
                values.write(builder, random);
            }
            blocks[channel] = builder.build();
        }
        return new Page(blocks);
    }

    private static Page lineitemPage(Iterator<LineItem> items, List<Type> types)
    {
        BlockBuilder[] builders = new BlockBuilder[types.size()];
        for (int channel = 0; channel < builders.length; channel++) {
            builders[channel] = types.get(channel).createBlockBuilder(null, PAGE_ROWS);
        }
        for (int row = 0; row < PAGE_ROWS; row++) {
            LineItem item = items.next();
            BIGINT.writeLong(builders[0], item.orderKey());
            BIGINT.writeLong(builders[1], item.partKey());
            BIGINT.writeLong(builders[2], item.supplierKey());
            INTEGER.writeLong(builders[3], item.lineNumber());
            DOUBLE.writeDouble(builders[4], item.quantity());
            DOUBLE.writeDouble(builders[5], item.extendedPrice());
            DOUBLE.writeDouble(builders[6], item.discount());
            DOUBLE.writeDouble(builders[7], item.tax());
            VARCHAR.writeSlice(builders[8], utf8Slice(item.returnFlag()));
            VARCHAR.writeSlice(builders[9], utf8Slice(item.status()));
            DATE.writeLong(builders[10], item.shipDate());
            DATE.writeLong(builders[11], item.commitDate());
            DATE.writeLong(builders[12], item.receiptDate());
            VARCHAR.writeSlice(builders[13], utf8Slice(item.shipInstructions()));
            VARCHAR.writeSlice(builders[14], utf8Slice(item.shipMode()));
            VARCHAR.writeSlice(builders[15], utf8Slice(item.comment()));
        }
        Block[] blocks = new Block[builders.length];
        for (int channel = 0; channel < blocks.length; channel++) {
            blocks[channel] = builders[channel].build();
        }
        return new Page(blocks);
    }
}
