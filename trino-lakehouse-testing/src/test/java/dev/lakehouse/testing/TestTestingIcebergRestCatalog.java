package dev.lakehouse.testing;

import com.google.common.collect.ImmutableMap;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

@TestInstance(PER_CLASS)
final class TestTestingIcebergRestCatalog
{
    private static final Schema ORDERS = new Schema(
            Types.NestedField.required(1, "orderkey", Types.LongType.get()),
            Types.NestedField.optional(2, "orderdate", Types.DateType.get()));

    private TestingIcebergRestCatalog catalog;

    @BeforeAll
    void startCatalog()
    {
        catalog = new TestingIcebergRestCatalog();
    }

    @AfterAll
    void stopCatalog()
    {
        if (catalog != null) {
            catalog.close();
        }
    }

    @Test
    void testNamespacesAndTablesThroughRestClient()
            throws IOException
    {
        try (RESTCatalog client = restClient(catalog)) {
            // Iceberg asks the map whether it has a null key, which Map.of refuses to answer
            client.createNamespace(Namespace.of("sales"), ImmutableMap.of("owner", "alice"));
            assertThat(client.listNamespaces()).contains(Namespace.of("sales"));
            assertThat(client.loadNamespaceMetadata(Namespace.of("sales"))).containsEntry("owner", "alice");

            Table table = client.createTable(TableIdentifier.of("sales", "orders"), ORDERS);
            assertThat(table.location()).isEqualTo(catalog.warehouse() + "/sales/orders");
            assertThat(client.listTables(Namespace.of("sales"))).containsExactly(TableIdentifier.of("sales", "orders"));
            assertThat(client.loadTable(TableIdentifier.of("sales", "orders")).schema().asStruct()).isEqualTo(ORDERS.asStruct());

            // the table's metadata is where the warehouse says
            Path metadataDirectory = Path.of(URI.create(table.location() + "/metadata"));
            try (var files = Files.list(metadataDirectory)) {
                assertThat(files.map(file -> file.getFileName().toString())).anyMatch(name -> name.endsWith(".metadata.json"));
            }
        }
    }

    @Test
    void testPlainHttp()
            throws Exception
    {
        try (RESTCatalog client = restClient(catalog)) {
            client.createNamespace(Namespace.of("http_namespace"));
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(catalog.uri().resolve("/v1/namespaces")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("[\"http_namespace\"]");
        }
    }

    @Test
    void testWarehouseOnS3()
            throws Exception
    {
        try (TestingS3Server s3 = new TestingS3Server()) {
            assertThatThrownBy(() -> TestingIcebergRestCatalog.onS3(s3, "lake"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Bucket 'lake' does not exist on %s: create it first (createBucket)", s3);

            s3.createBucket("lake");
            try (TestingIcebergRestCatalog s3Catalog = TestingIcebergRestCatalog.onS3(s3, "lake");
                    RESTCatalog client = restClient(s3Catalog)) {
                assertThat(s3Catalog.warehouse()).isEqualTo("s3://lake/warehouse");
                client.createNamespace(Namespace.of("sales"));
                Table table = client.createTable(TableIdentifier.of("sales", "orders"), ORDERS);
                assertThat(table.location()).isEqualTo("s3://lake/warehouse/sales/orders");

                try (S3Client s3Client = s3.createClient()) {
                    assertThat(s3Client.listObjectsV2(request -> request.bucket("lake").prefix("warehouse/sales/orders/metadata/")).contents())
                            .extracting(S3Object::key)
                            .anyMatch(key -> key.endsWith(".metadata.json"));
                }
            }
        }
    }

    @Test
    void testCloseStopsServer()
            throws Exception
    {
        TestingIcebergRestCatalog closed = new TestingIcebergRestCatalog();
        List<ProcessHandle> processes = new ArrayList<>();
        Path warehouse = Path.of(URI.create(closed.warehouse()));
        try {
            processes.addAll(closed.process().descendants().toList());
            processes.add(closed.process());
            assertThat(processes).anySatisfy(process -> assertThat(process.info().commandLine().orElse("")).contains("org.apache.iceberg.rest.RESTCatalogServer"));
            assertThat(Files.isDirectory(warehouse)).isTrue();
        }
        finally {
            closed.close();
        }

        for (ProcessHandle process : processes) {
            assertThat(process.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
        assertThat(Files.exists(warehouse)).isFalse();
        assertThatThrownBy(() -> new Socket(closed.uri().getHost(), closed.uri().getPort()).close())
                .isInstanceOf(ConnectException.class);
        closed.close();
    }

    private static RESTCatalog restClient(TestingIcebergRestCatalog catalog)
    {
        RESTCatalog client = new RESTCatalog();
        client.initialize("test", Map.of(CatalogProperties.URI, catalog.uri().toString()));
        return client;
    }
}
