package dev.lakehouse.connector;

import dev.lakehouse.testing.TestingS3Server;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warehouse on a real S3-compatible server, through Trino's native S3 file system; the catalog an
 * SQLite file.
 */
final class TestLakehouseS3ConnectorSmokeTest
        extends BaseLakehouseConnectorSmokeTest
{
    private static final String BUCKET = "lakehouse";

    private TestingS3Server s3;
    private Path catalogFolder;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        s3 = closeAfterClass(new TestingS3Server());
        s3.createBucket(BUCKET);
        catalogFolder = Files.createTempDirectory("lakehouse-s3-catalog");
        return LakehouseQueryRunner.builder()
                .addConnectorProperty("lakehouse.warehouse", warehouseUri())
                .addConnectorProperty("lakehouse.catalog.jdbc.url", "jdbc:sqlite:" + catalogFolder.resolve("catalog.sqlite"))
                .addConnectorProperty("fs.native-s3.enabled", "true")
                .addConnectorProperty("s3.endpoint", s3.endpoint().toString())
                .addConnectorProperty("s3.region", s3.region())
                .addConnectorProperty("s3.path-style-access", "true")
                .addConnectorProperty("s3.aws-access-key", s3.accessKey())
                .addConnectorProperty("s3.aws-secret-key", s3.secretKey())
                .setInitialTables(REQUIRED_TPCH_TABLES)
                .build();
    }

    @AfterAll
    void deleteCatalog()
            throws IOException
    {
        deleteRecursively(catalogFolder, ALLOW_INSECURE);
    }

    @Override
    protected String warehouseUri()
    {
        return "s3://" + BUCKET + "/warehouse";
    }

    @Test
    void testDataAndMetadataAreInTheBucket()
    {
        try (S3Client client = s3.createClient()) {
            List<String> keys = client.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix("warehouse/tpch/nation-"))
                    .contents().stream()
                    .map(S3Object::key)
                    .toList();
            assertThat(keys).anyMatch(key -> key.endsWith(".parquet"));
            assertThat(keys).anyMatch(key -> key.endsWith(".metadata.json"));
            assertThat(keys).anyMatch(key -> key.endsWith(".avro"));
        }
        assertQuery("SELECT count(*) FROM nation WHERE regionkey = 1", "VALUES 5");
    }
}
