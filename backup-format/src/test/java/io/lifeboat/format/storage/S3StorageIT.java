package io.lifeboat.format.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.fixtures.GeneratedInputStream;
import io.lifeboat.format.fixtures.S3ProxyServer;
import io.lifeboat.format.storage.StorageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The storage contract against a real S3 API (s3proxy in this JVM), plus what only S3 has. */
class S3StorageIT extends StorageContract {

    private static S3ProxyServer server;
    private static S3Client inspector;
    private final List<S3Storage> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        inspector = S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        inspector.close();
        server.close();
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(S3Storage::close);
    }

    @Override
    protected Storage newStorage() {
        return track(server.storage());
    }

    /** Nothing listens on the port: connection refused on every call; one attempt keeps the test quick. */
    @Override
    protected Storage unreachableStorage() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return track(server.storageBuilder().endpoint(URI.create("http://127.0.0.1:" + port)).maxAttempts(1)
                .connectTimeout(Duration.ofSeconds(2)).build());
    }

    /** With 5 MiB parts, 12 MiB read means two parts are already uploaded. */
    @Override
    protected long bytesBeforePartsAreStored() {
        return 12L * 1024 * 1024;
    }

    @Test
    void describeIsBucketAndPrefixWithoutCredentials() {
        S3Storage s3 = track(server.storageBuilder().prefix("/lifeboat/prod/").build());

        assertThat(s3.describe()).isEqualTo("s3://" + S3ProxyServer.BUCKET + "/lifeboat/prod");
        assertThat(s3.toString()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY);
    }

    @Test
    void objectsLiveUnderThePrefix() throws IOException {
        S3Storage s3 = track(server.storageBuilder().prefix("tier/primary").build());

        s3.put("backups/x", new ByteArrayInputStream(new byte[3]));

        assertThat(inspector.headObject(b -> b.bucket(S3ProxyServer.BUCKET).key("tier/primary/backups/x"))
                .contentLength()).isEqualTo(3);
        assertThat(s3.list("")).containsExactly("backups/x");
    }

    @Test
    void incompleteMultipartUploadsUnderThePrefixAreAbortedOnlyWhenStartedBeforeTheCutOff() {
        S3Storage s3 = track(server.storageBuilder().prefix("abandoned").build());
        S3Storage elsewhere = track(server.storageBuilder().prefix("other-tier").build());
        String mine = inspector.createMultipartUpload(b -> b.bucket(S3ProxyServer.BUCKET)
                .key("abandoned/backups/killed-mid-upload")).uploadId();
        String theirs = inspector.createMultipartUpload(b -> b.bucket(S3ProxyServer.BUCKET)
                .key("other-tier/backups/in-progress")).uploadId();
        s3.put("backups/complete", new ByteArrayInputStream(new byte[5]));

        assertThat(s3.removeAbandonedWrites(Instant.now().minus(Duration.ofHours(1)))).as("too young").isZero();
        assertThat(s3.removeAbandonedWrites(Instant.now().plus(Duration.ofMinutes(1)))).isEqualTo(1);

        List<String> open = inspector.listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET)).uploads().stream()
                .map(u -> u.uploadId()).toList();
        assertThat(open).doesNotContain(mine).contains(theirs);
        assertThat(s3.list("")).containsExactly("backups/complete");
        elsewhere.removeAbandonedWrites(Instant.now().plus(Duration.ofMinutes(1)));
    }

    @Test
    void anObjectReplacedBySameSizedContentGetsANewVersion() {
        storage.put("same-size", new ByteArrayInputStream("aaaa".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        ListedObject before = storage.listObjects("").get(0);

        storage.put("same-size", new ByteArrayInputStream("bbbb".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        ListedObject after = storage.listObjects("").get(0);

        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.version()).as("the ETag").isNotEqualTo(before.version());
    }

    /**
     * s3proxy keeps the storage class of a PutObject but drops that of a multipart upload, so for multipart the
     * test checks the requests this driver sends.
     */
    @Test
    void storageClassIsSetOnSmallAndMultipartObjects() throws IOException {
        List<String> sent = new ArrayList<>();
        S3Storage cold = track(server.storageBuilder().storageClass("GLACIER_IR")
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof PutObjectRequest put) {
                            sent.add("put " + put.storageClassAsString());
                        } else if (context.request() instanceof CreateMultipartUploadRequest create) {
                            sent.add("multipart " + create.storageClassAsString());
                        }
                    }
                }).build());

        cold.put("small", new ByteArrayInputStream(new byte[100]));
        cold.put("large", new GeneratedInputStream(11L * 1024 * 1024, 5));

        assertThat(sent).containsExactly("put GLACIER_IR", "multipart GLACIER_IR");
        String smallKey = cold.describe().substring(("s3://" + S3ProxyServer.BUCKET + "/").length()) + "/small";
        assertThat(inspector.headObject(b -> b.bucket(S3ProxyServer.BUCKET).key(smallKey)).storageClassAsString())
                .isEqualTo("GLACIER_IR");
    }

    @Test
    void failedMultipartUploadIsAborted() {
        String prefix = storage.describe().substring(("s3://" + S3ProxyServer.BUCKET + "/").length()) + "/";
        InputStream broken = onceAfter(new GeneratedInputStream(100L * 1024 * 1024, 6), 12L * 1024 * 1024, () -> {
            assertThat(inspector.listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix)).uploads())
                    .hasSize(1);
            throw new UncheckedIOException(new IOException("source broke"));
        });

        assertThatThrownBy(() -> storage.put("k", broken)).hasRootCauseMessage("source broke");

        assertThat(inspector.listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix)).uploads())
                .isEmpty();
    }

    @Test
    void wrongCredentialsAreRefusedAndNeverPrinted() {
        String wrongSecret = "wrong-secret-never-print-9a7b";
        S3Storage s3 = track(server.storageBuilder().credentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, wrongSecret))).build());

        assertThatThrownBy(() -> s3.put("k", new ByteArrayInputStream(new byte[1])))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REFUSED);
                    assertThat(e.reason().isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("'k'").contains("403").doesNotContain(wrongSecret)
                            .doesNotContain(S3ProxyServer.SECRET_KEY);
                });
        assertThatThrownBy(() -> s3.open("k")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
    }

    @Test
    void missingBucketIsRefusedNotMissing() {
        S3Storage s3 = track(server.storageBuilder().bucket("no-such-bucket").build());

        assertThatThrownBy(() -> s3.open("k")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
    }

    /** More early closes than the connection pool holds: a stream that kept its connection would exhaust it. */
    @Test
    void closingBeforeTheEndReleasesTheConnection() throws IOException {
        storage.put("big", new GeneratedInputStream(6L * 1024 * 1024, 7));

        for (int i = 0; i < 60; i++) {
            try (InputStream in = storage.open("big")) {
                assertThat(in.read(new byte[10])).isEqualTo(10);
            }
        }

        assertThat(sha256("big")).isEqualTo(GeneratedInputStream.sha256(6L * 1024 * 1024, 7));
    }

    @Test
    void partsGrowEveryThousandPartsSoHugeObjectsFit() {
        S3Storage s3 = track(server.storageBuilder().partSize(S3Storage.DEFAULT_PART_SIZE).build());

        assertThat(s3.partSize(1)).isEqualTo(8 * 1024 * 1024);
        assertThat(s3.partSize(1000)).isEqualTo(8 * 1024 * 1024);
        assertThat(s3.partSize(1001)).isEqualTo(16 * 1024 * 1024);
        long capacity = 0;
        for (int part = 1; part <= 10_000; part++) {
            capacity += s3.partSize(part);
        }
        assertThat(capacity).isGreaterThan(1024L * 1024 * 1024 * 1024);
    }

    private S3Storage track(S3Storage s3) {
        opened.add(s3);
        return s3;
    }
}
