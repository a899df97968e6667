package dev.lakehouse.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

@TestInstance(PER_CLASS)
final class TestTestingS3Server
{
    private TestingS3Server server;

    @BeforeAll
    void startServer()
    {
        server = new TestingS3Server();
    }

    @AfterAll
    void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void testPutGetListDelete()
    {
        assertThat(server.createBucket("warehouse")).isEqualTo("warehouse");
        try (S3Client client = clientOf(server.secretKey())) {
            assertThat(client.listBuckets().buckets()).anySatisfy(bucket -> assertThat(bucket.name()).isEqualTo("warehouse"));

            client.putObject(request -> request.bucket("warehouse").key("sales/orders/data/00001.parquet"), RequestBody.fromString("first file", UTF_8));
            client.putObject(request -> request.bucket("warehouse").key("sales/orders/metadata/v1.metadata.json"), RequestBody.fromString("{}", UTF_8));

            assertThat(client.getObjectAsBytes(request -> request.bucket("warehouse").key("sales/orders/data/00001.parquet")).asString(UTF_8))
                    .isEqualTo("first file");
            assertThat(client.listObjectsV2(request -> request.bucket("warehouse").prefix("sales/orders/")).contents())
                    .extracting(S3Object::key, S3Object::size)
                    .containsExactly(
                            tuple("sales/orders/data/00001.parquet", 10L),
                            tuple("sales/orders/metadata/v1.metadata.json", 2L));

            client.deleteObject(request -> request.bucket("warehouse").key("sales/orders/data/00001.parquet"));
            assertThatThrownBy(() -> client.getObjectAsBytes(request -> request.bucket("warehouse").key("sales/orders/data/00001.parquet")))
                    .isInstanceOf(NoSuchKeyException.class);

            // Trino deletes a table's files in batches
            client.putObject(request -> request.bucket("warehouse").key("sales/orders/data/00002.parquet"), RequestBody.fromString("second file", UTF_8));
            DeleteObjectsResponse deleted = client.deleteObjects(request -> request.bucket("warehouse").delete(delete -> delete.objects(
                    ObjectIdentifier.builder().key("sales/orders/data/00002.parquet").build(),
                    ObjectIdentifier.builder().key("sales/orders/metadata/v1.metadata.json").build())));
            assertThat(deleted.errors()).isEmpty();
            assertThat(client.listObjectsV2(request -> request.bucket("warehouse")).contents()).isEmpty();
        }
    }

    @Test
    void testMultipartUpload()
    {
        // large files are written in parts, as Trino's S3 file system does
        server.createBucket("multipart");
        byte[] firstPart = new byte[5 * 1024 * 1024];
        Arrays.fill(firstPart, (byte) 'a');
        byte[] secondPart = "the end".getBytes(UTF_8);
        try (S3Client client = server.createClient()) {
            String uploadId = client.createMultipartUpload(request -> request.bucket("multipart").key("big.bin")).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            byte[][] contents = {firstPart, secondPart};
            for (int part = 1; part <= contents.length; part++) {
                int partNumber = part;
                String etag = client.uploadPart(request -> request.bucket("multipart").key("big.bin").uploadId(uploadId).partNumber(partNumber), RequestBody.fromBytes(contents[partNumber - 1])).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            client.completeMultipartUpload(request -> request.bucket("multipart").key("big.bin").uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));

            byte[] object = client.getObjectAsBytes(request -> request.bucket("multipart").key("big.bin")).asByteArray();
            assertThat(object).hasSize(firstPart.length + secondPart.length);
            assertThat(Arrays.copyOfRange(object, firstPart.length - 1, object.length)).isEqualTo("athe end".getBytes(UTF_8));
        }
    }

    @Test
    void testWrongSecretIsRejected()
    {
        server.createBucket("secured");
        try (S3Client client = clientOf("not-the-secret")) {
            assertThatThrownBy(() -> client.listObjectsV2(request -> request.bucket("secured")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(exception -> assertThat(((S3Exception) exception).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void testInvalidBucketName()
    {
        assertThatThrownBy(() -> server.createBucket("Not_A_Bucket"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid bucket name 'Not_A_Bucket'");
    }

    @Test
    void testCloseStopsServer()
            throws Exception
    {
        TestingS3Server closed = new TestingS3Server();
        List<ProcessHandle> processes = new ArrayList<>();
        try {
            closed.createBucket("gone");
            processes.addAll(closed.process().descendants().toList());
            processes.add(closed.process());
            assertThat(processes).anySatisfy(process -> assertThat(process.info().commandLine().orElse("")).contains("s3proxy"));
        }
        finally {
            closed.close();
        }

        for (ProcessHandle process : processes) {
            assertThat(process.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
        assertThatThrownBy(() -> new Socket(closed.endpoint().getHost(), closed.endpoint().getPort()).close())
                .isInstanceOf(ConnectException.class);
        closed.close();
    }

    private S3Client clientOf(String secretKey)
    {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
