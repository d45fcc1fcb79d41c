package io.lifeboat.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.fixtures.TieredRepository;
import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.object.VerificationOutcome;
import io.lifeboat.format.storage.StorageTier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies missing at secondary and cold after a restart are found again by the retrier, on three filesystem locations. */
class MissingCopiesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /**
     * The primary cannot be listed when the service starts (its root is not a directory): the search for missing
     * copies is tried again every retry interval, and the copies land and are announced once the primary is back.
     */
    @Test
    void missingCopiesAreFoundOnceThePrimaryThatWasDownAtStartIsBack() throws Exception {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(dir.resolve("keys.json"));
        TieredRepository repository = new TieredRepository(dir.resolve("repo"));
        BackupProperties properties = repository.properties(
                new BackupProperties.Database("127.0.0.1", 5432, "unused", "unused", null, null), null);
        String manifestKey;
        try (Locations locations = new Locations(properties);
             Copies copies = new Copies(locations, (copy, attempts) -> { }, properties, keys)) {
            manifestKey = commit(new BackupCommit(locations, copies, keys));
        }
        // the copies are lost, and the primary is down as the service starts again
        deleteTree(repository.location(StorageTier.SECONDARY));
        deleteTree(repository.location(StorageTier.COLD));
        Path primary = repository.location(StorageTier.PRIMARY);
        Path away = Files.move(primary, dir.resolve("primary-away"));
        Files.writeString(primary, "not a directory");
        List<PendingCopy> announced = new CopyOnWriteArrayList<>();

        try (Locations locations = new Locations(properties);
             Copies copies = new Copies(locations, (copy, attempts) -> announced.add(copy), properties, keys)) {
            // the first search runs at once; five retry intervals leave it time to meet the primary down
            Thread.sleep(properties.copyRetryInterval().multipliedBy(5).toMillis());
            assertThat(copies.pending()).isEmpty();
            Files.delete(primary);
            Files.move(away, primary);

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (announced.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(announced).extracting(PendingCopy::location).containsExactlyInAnyOrder("secondary", "cold");
        }
        assertThat(repository.verify(manifestKey, keys)).hasSize(3).allSatisfy((location, results) ->
                assertThat(results).as("objects at %s", location).isNotEmpty().allSatisfy(r ->
                        assertThat(r.outcome()).as(r.detail()).isEqualTo(VerificationOutcome.VALID)));
    }

    private static String commit(BackupCommit commit) throws IOException {
        DataKey dataKey = DataKey.generate();
        ManifestObject object = new ObjectWriter().write(commit.primary(),
                RepositoryLayout.objectKey("CONFIGURATION", "config-1", "bundle"),
                new ByteArrayInputStream("a configuration bundle".getBytes(StandardCharsets.UTF_8)), dataKey);
        BackupOutcome outcome = commit.commit(new Manifest(Manifest.FORMAT_VERSION, "config-1", "CONFIGURATION",
                "config-repo", Instant.now(), Instant.now(), List.of(object), Map.of(), Map.of()), dataKey);
        assertThat(outcome).isInstanceOf(BackupOutcome.Completed.class);
        return ((BackupOutcome.Completed) outcome).manifestKey();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
