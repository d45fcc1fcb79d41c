package io.lifeboat.format.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.fixtures.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** s3:// location urls opened against s3proxy, credentials from the AWS default chain (system properties here). */
class StorageLocationS3IT {

    static S3ProxyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer();
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        server.close();
    }

    @Test
    void anS3UrlOpensTheBucketUnderItsPrefix() throws Exception {
        StorageLocation cold = new StorageLocation("cold", StorageTier.COLD, "s3://" + S3ProxyServer.BUCKET
                + "/cold/lifeboat?endpoint=" + server.endpoint() + "&region=eu-central-1&storage-class=STANDARD_IA");
        try (S3Storage storage = (S3Storage) cold.open()) {
            assertThat(storage.describe()).isEqualTo("s3://" + S3ProxyServer.BUCKET + "/cold/lifeboat");
            storage.put("backups/x/data/a", new ByteArrayInputStream("hello".getBytes(UTF_8)));
            try (InputStream in = storage.open("backups/x/data/a")) {
                assertThat(in.readAllBytes()).isEqualTo("hello".getBytes(UTF_8));
            }
        }
    }

    @Test
    void unknownParametersAndCredentialsInTheUrlAreRefused() {
        assertThatThrownBy(() -> new StorageLocation("s", StorageTier.SECONDARY, "s3://bucket/p?colour=blue").open())
                .hasMessage("storage location 's' has unknown s3 url parameter 'colour'"
                        + " (known: endpoint, region, storage-class, path-style)");
        assertThatThrownBy(() -> new StorageLocation("s", StorageTier.SECONDARY,
                "s3://AKIA:very-secret@bucket/p").open())
                .hasMessageContaining("credentials in its s3 url").hasMessageNotContaining("very-secret");
    }

    /** Whatever shape a url with credentials has, messages and the location's text name it without quoting it. */
    @Test
    void aUrlThatMayHoldCredentialsIsNeverQuoted() {
        for (String url : List.of("S3://AKIA:very-secret@bucket/p", "s3://AKIA:very/secret@bucket/p",
                "s3://AKIA:very-secret@/p", "gs://AKIA:very-secret@bucket")) {
            StorageLocation location = new StorageLocation("s", StorageTier.SECONDARY, url);
            assertThatThrownBy(location::open).as(url).hasMessageStartingWith("storage location 's' ")
                    .hasMessageNotContaining("secret");
            assertThat(location.toString()).as(url).contains("s", "SECONDARY").doesNotContain("secret");
        }
        assertThatThrownBy(() -> new StorageLocation("s", StorageTier.SECONDARY, "gs://bucket/p").open())
                .hasMessage("storage location 's' has url 'gs://bucket/p' of a kind this build cannot open"
                        + " (expected file:/path or s3://bucket/prefix)");
    }
}
