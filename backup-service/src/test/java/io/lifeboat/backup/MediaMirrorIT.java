package io.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.backup.fixtures.S3Source;
import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupFailureReason;
import io.lifeboat.events.backup.BackupStarted;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectReader;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.process.Processes;
import io.lifeboat.infra.process.Teardown;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The media mirror of an S3 bucket prefix (s3proxy in this JVM, the way a recordings bucket is reached on an
 * S3-compatible endpoint) against a real broker and schema registry: new objects land encrypted at every location,
 * unchanged ones are not stored again, a changed one is, a source outage is reported once and loses nothing, and a
 * restart stores nothing again.
 */
class MediaMirrorIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final String PREFIX = "calls";

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static S3Source source;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> events;
    static Path keysetFile;
    static ManifestStore manifests;
    static Path primary;
    static Path secondary;
    static Path cold;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        source = new S3Source();
        keysetFile = work.resolve("keys/master-keys.json");
        manifests = new ManifestStore(LocalKeysetMasterKeys.createFile(keysetFile));
        primary = work.resolve("primary");
        secondary = work.resolve("secondary");
        cold = work.resolve("cold");
        // an object of the bucket outside the mirrored prefix is never stored
        source.put("other/not-media.txt", "not under the prefix");
        app = startApp("media-1");
        events = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(
                        new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5))),
                List.of(Topics.BACKUP_STARTED.name(), Topics.BACKUP_COMPLETED.name(), Topics.BACKUP_FAILED.name()));
    }

    /** An instance mirroring the bucket's prefix; {@code overrides} replace arguments of the same key. */
    static ConfigurableApplicationContext startApp(String instance, String... overrides) {
        java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
        for (String arg : Stream.concat(Stream.of(arguments(instance)), Stream.of(overrides)).toList()) {
            args.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        return BackupServiceApplication.builder().run(args.values().toArray(String[]::new));
    }

    private static String[] arguments(String instance) {
        return new String[] {
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.service.instance=" + instance,
                "--lifeboat.policy.file=../config/policy.yml",
                "--lifeboat.keys.keyset-file=" + keysetFile,
                "--lifeboat.backup.schedule-enabled=false",
                "--lifeboat.backup.outbox-dir=" + work.resolve("outbox-" + instance),
                "--lifeboat.backup.wal.enabled=false",
                "--lifeboat.backup.copy-retry-interval=500ms",
                // no database is needed to mirror media
                "--lifeboat.backup.database.host=127.0.0.1",
                "--lifeboat.backup.database.port=" + Processes.freePort(),
                "--lifeboat.backup.locations[0].name=primary",
                "--lifeboat.backup.locations[0].tier=PRIMARY",
                "--lifeboat.backup.locations[0].url=" + primary.toUri(),
                "--lifeboat.backup.locations[1].name=secondary",
                "--lifeboat.backup.locations[1].tier=SECONDARY",
                "--lifeboat.backup.locations[1].url=" + secondary.toUri(),
                "--lifeboat.backup.locations[2].name=cold",
                "--lifeboat.backup.locations[2].tier=COLD",
                "--lifeboat.backup.locations[2].url=" + cold.toUri(),
                "--lifeboat.backup.media.source=" + source.url(PREFIX),
                "--lifeboat.backup.media.access-key=" + S3Source.ACCESS_KEY,
                "--lifeboat.backup.media.secret-key=" + S3Source.SECRET_KEY,
                "--lifeboat.backup.media.poll-interval=" + POLL.toMillis() + "ms"};
    }

    @AfterAll
    static void stop() {
        Teardown.closeAll(events, app, source, registry, broker);
    }

    @Test
    void aNewObjectIsStoredEncryptedAtEveryLocation() throws Exception {
        String recording = "recording of call 1 - plaintext-marker-9c41";
        source.put(PREFIX + "/2026/11/call-1.ogg", recording);

        BackupCompleted completed = awaitBackupHolding("2026/11/call-1.ogg");

        assertThat(completed.getSource()).isEqualTo("s3://" + S3Source.BUCKET + "/" + PREFIX);
        assertThat(completed.getCopies()).extracting(LocationCopy::getLocation, LocationCopy::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", CopyStatus.STORED),
                        org.assertj.core.groups.Tuple.tuple("secondary", CopyStatus.STORED),
                        org.assertj.core.groups.Tuple.tuple("cold", CopyStatus.STORED));
        Manifest manifest = manifest(completed);
        assertThat(identities(manifest)).singleElement().asString()
                .as("key, size and ETag").matches("2026/11/call-1\\.ogg\\|" + recording.length() + "\\|\".+\"");
        ManifestObject object = manifest.objects().get(0);
        for (Path location : List.of(primary, secondary, cold)) {
            assertThat(DigestingInputStream.drain(Files.newInputStream(location.resolve(object.key()))).sha256())
                    .as("object at %s", location).isEqualTo(object.storedSha256());
            assertThat(contains(location.resolve(object.key()), "plaintext-marker-9c41"))
                    .as("plaintext at %s", location).isFalse();
        }
        assertThat(read(cold, manifest, 0)).isEqualTo(recording);
        assertThat(events.matching(Topics.BACKUP_STARTED.name(),
                v -> ((BackupStarted) v).getBackupId().equals(completed.getBackupId()))).hasSize(1);
        assertThat(allMediaIdentities()).noneMatch(i -> i.contains("not-media"));
    }

    @Test
    void unchangedObjectsAreNotStoredAgain() throws Exception {
        source.put(PREFIX + "/unchanged/first.ogg", "first");
        awaitBackupHolding("unchanged/first.ogg");

        source.put(PREFIX + "/unchanged/second.ogg", "second");
        BackupCompleted second = awaitBackupHolding("unchanged/second.ogg");

        assertThat(identities(manifest(second))).as("only the new object")
                .allMatch(i -> !i.startsWith("unchanged/first.ogg|"));
        assertThat(allMediaIdentities()).filteredOn(i -> i.startsWith("unchanged/first.ogg|")).hasSize(1);
    }

    @Test
    void aChangedObjectIsStoredAgain() throws Exception {
        source.put(PREFIX + "/changed/call.ogg", "version one");
        BackupCompleted first = awaitBackupHolding("changed/call.ogg");

        source.put(PREFIX + "/changed/call.ogg", "version two"); // same size: only the ETag tells
        BackupCompleted second = awaitBackupHolding("changed/call.ogg", first.getBackupId());

        Manifest manifest = manifest(second);
        assertThat(identities(manifest)).singleElement().asString().startsWith("changed/call.ogg|11|")
                .isNotEqualTo(identities(manifest(first)).get(0));
        assertThat(read(secondary, manifest, 0)).isEqualTo("version two");
    }

    @Test
    void aSourceOutageIsReportedOnceRetriedAndLosesNothing() throws Exception {
        long failuresBefore = mediaFailures().size();
        source.stop();
        try {
            BackupFailed failed = (BackupFailed) events.await(Topics.BACKUP_FAILED.name(),
                    v -> mediaFailure(v) && mediaFailures().size() > failuresBefore, WAIT).value();
            assertThat(failed.getReason()).isEqualTo(BackupFailureReason.STORAGE_UNAVAILABLE);
            assertThat(failed.getDetail()).startsWith("media source s3://" + S3Source.BUCKET + "/" + PREFIX
                    + " cannot be listed: ").doesNotContain(S3Source.SECRET_KEY);
            assertThat(failed.getNextAttemptAt()).isNotNull();
            assertThat(events.matching(Topics.BACKUP_STARTED.name(),
                    v -> ((BackupStarted) v).getBackupId().equals(failed.getBackupId()))).hasSize(1);

            // a recording arrives while the endpoint is down; the mirror keeps polling meanwhile
            source.putBehindTheEndpoint(PREFIX + "/outage/during.ogg", "recorded during the outage");
            Thread.sleep(POLL.multipliedBy(10).toMillis());
        } finally {
            source.restart();
        }

        BackupCompleted completed = awaitBackupHolding("outage/during.ogg");

        assertThat(read(primary, manifest(completed), 0)).isEqualTo("recorded during the outage");
        assertThat(mediaFailures()).as("one outage, one BackupFailed").hasSize((int) failuresBefore + 1);
    }

    @Test
    void aRestartStoresNothingAgain() throws Exception {
        source.put(PREFIX + "/restart/before.ogg", "before the restart");
        awaitBackupHolding("restart/before.ogg");

        app.close();
        app = startApp("media-restarted");
        source.put(PREFIX + "/restart/after.ogg", "after the restart");
        awaitBackupHolding("restart/after.ogg");

        List<String> storedAfterRestart = events.matching(Topics.BACKUP_COMPLETED.name(), MediaMirrorIT::media)
                .stream().map(s -> (BackupCompleted) s.value())
                .filter(c -> c.getHeader().getProducer().getInstance().equals("media-restarted"))
                .flatMap(c -> identities(manifest(c)).stream()).toList();
        assertThat(storedAfterRestart).singleElement().asString().startsWith("restart/after.ogg|");
    }

    @Test
    void wrongMediaSettingsStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> startApp("media-bad", "--lifeboat.backup.media.poll-interval=2m"))
                .rootCause().hasMessageContaining("lifeboat.backup.media").hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> startApp("media-bad", "--lifeboat.backup.media.secret-key="))
                .rootCause().hasMessageContaining("access-key and secret-key must be given together")
                .message().doesNotContain(S3Source.SECRET_KEY);
        assertThatThrownBy(() -> startApp("media-bad", "--lifeboat.backup.media.source=ftp://recordings/calls"))
                .rootCause().hasMessage("lifeboat.backup.media.source: storage location 'media source' has url"
                        + " 'ftp://recordings/calls' of a kind this build cannot open (expected file:/path or"
                        + " s3://bucket/prefix)");
    }

    private static boolean media(SpecificRecord v) {
        return v instanceof BackupCompleted c && c.getDataType().name().equals("MEDIA");
    }

    private static boolean mediaFailure(SpecificRecord v) {
        return v instanceof BackupFailed f && f.getDataType().name().equals("MEDIA");
    }

    private static List<BackupFailed> mediaFailures() {
        return events.matching(Topics.BACKUP_FAILED.name(), MediaMirrorIT::mediaFailure).stream()
                .map(s -> (BackupFailed) s.value()).toList();
    }

    /** The first MEDIA backup (other than {@code notIds}) whose manifest holds the source key {@code key}. */
    private static BackupCompleted awaitBackupHolding(String key, String... notIds) {
        return (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(), v -> media(v)
                && !List.of(notIds).contains(((BackupCompleted) v).getBackupId())
                && identities(manifest((BackupCompleted) v)).stream().anyMatch(i -> i.startsWith(key + "|")),
                WAIT).value();
    }

    private static List<String> allMediaIdentities() {
        return events.matching(Topics.BACKUP_COMPLETED.name(), MediaMirrorIT::media).stream()
                .flatMap(s -> identities(manifest((BackupCompleted) s.value())).stream()).toList();
    }

    private static Manifest manifest(BackupCompleted completed) {
        return manifests.read(new FilesystemStorage(primary), completed.getManifestKey());
    }

    private static List<String> identities(Manifest manifest) {
        return manifest.metadata().entrySet().stream().filter(e -> e.getKey().startsWith("file."))
                .map(java.util.Map.Entry::getValue).toList();
    }

    private static String read(Path location, Manifest manifest, int index) throws IOException {
        try (InputStream in = ObjectReader.open(new FilesystemStorage(location), manifest.objects().get(index),
                manifests.dataKey(manifest))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean contains(Path file, String text) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }
}
