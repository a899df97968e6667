package dev.lakehouse.connector;

import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.connector.SchemaTableName;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tables other engines created in the same catalog, with locations as they record them: absolute paths
 * without a scheme (a warehouse configured as a plain path) are local files; a location no file system of
 * the catalog reads fails the query at once, naming the table and the location, rather than after Iceberg's
 * retries.
 */
final class TestForeignTableLocations
        extends AbstractTestQueryFramework
{
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()));

    private Path warehouse;
    private Path foreignWarehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-foreign");
        foreignWarehouse = Files.createTempDirectory("other-engine-warehouse");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .build();
    }

    @AfterAll
    void deleteWarehouses()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
        deleteRecursively(foreignWarehouse, ALLOW_INSECURE);
    }

    @Test
    void testPathsWithoutSchemeAreLocalFiles()
            throws IOException
    {
        String name = "plain_paths_" + randomNameSuffix();
        // as an engine whose warehouse is the plain path writes it: every location without a scheme
        String location = foreignWarehouse.resolve(name).toString();
        assertThat(location).startsWith("/");
        LakehouseCatalog catalog = catalog();
        SchemaTableName tableName = new SchemaTableName(LakehouseQueryRunner.SCHEMA, name);
        Transaction create = catalog.newCreateTableTransaction(tableName, SCHEMA, PartitionSpec.unpartitioned(), SortOrder.unsorted(), location, Map.of());
        catalog.commit(tableName, create);
        Table table = catalog().loadExistingTable(tableName);
        assertThat(table.location()).isEqualTo(location);
        // recorded as given, though opened as file:// locations
        assertThat(((HasTableOperations) table).operations().current().metadataFileLocation()).startsWith(location + "/metadata/");

        OutputFile output = table.io().newOutputFile(location + "/data/written-elsewhere.parquet");
        FileAppender<Record> appender = Parquet.write(output)
                .forTable(table)
                .createWriterFunc(GenericParquetWriter::create)
                .build();
        try (appender) {
            for (long id = 0; id < 100; id++) {
                GenericRecord record = GenericRecord.create(SCHEMA);
                record.setField("id", id);
                record.setField("name", "name-" + id);
                appender.add(record);
            }
        }
        table.newAppend()
                .appendFile(DataFiles.builder(table.spec())
                        .withPath(location + "/data/written-elsewhere.parquet")
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(appender.length())
                        .withMetrics(appender.metrics())
                        .build())
                .commit();

        assertQuery("SELECT count(*), sum(id) FROM " + name, "VALUES (100, 4950)");
        // and changed: rows of the file named by its path as recorded, new files beside it
        assertUpdate("DELETE FROM %s WHERE id %% 10 = 0".formatted(name), 10);
        assertUpdate("INSERT INTO %s VALUES (1000, 'new')".formatted(name), 1);
        assertQuery("SELECT count(*), sum(id) FROM " + name, "VALUES (91, 5500)");
        assertThat(Files.list(foreignWarehouse.resolve(name).resolve("data")).count()).isGreaterThan(1);
    }

    @Test
    void testUnreadableMetadataLocationFailsAtOnce()
            throws SQLException
    {
        String name = "unreadable_" + randomNameSuffix();
        assertUpdate("CREATE TABLE %s AS SELECT 1 AS id".formatted(name), 1);
        // another engine's table, at a location of a file system this catalog has none for
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + warehouse.resolve("lakehouse-catalog.sqlite"));
                PreparedStatement statement = connection.prepareStatement("UPDATE iceberg_tables SET metadata_location = ? WHERE table_name = ?")) {
            statement.setString(1, "abfs://container@account.dfs.core.windows.net/warehouse/" + name + "/metadata/00001.metadata.json");
            statement.setString(2, name);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
        // Iceberg would retry reading the metadata for about 90 seconds
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> computeActual("SELECT * FROM " + name))
                .hasMessageContaining("Table 'tpch.%s' cannot be read: No file system of this catalog reads location 'abfs://container@account.dfs.core.windows.net/warehouse/%s/metadata/00001.metadata.json'".formatted(name, name)));
    }

    private LakehouseCatalog catalog()
    {
        LakehouseConfig config = new LakehouseConfig().setWarehouse(warehouse.toString());
        return new LakehouseCatalog(new JdbcIcebergCatalogFactory(new LocalFileSystemFactory(Path.of("/")), config, new JdbcCatalogConfig()), config);
    }
}
