package io.lifeboat.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.fixtures.TieredRepository;
import io.lifeboat.format.storage.StorageTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies missing at secondary and cold after a restart are found again by the retrier (three filesystem locations). */
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
        TieredRepository repository = new TieredRepository(dir);
        BackupProperties properties = repository.properties();
        String manifestKey;
        try (TieredRepository.Service service = repository.open(properties, (copy, attempts) -> { })) {
            manifestKey = TieredRepository.commit(service.commit(), "CONFIGURATION", "config-1", Instant.now(),
                    "a configuration bundle".getBytes(StandardCharsets.UTF_8)).manifestKey();
        }
        // the copies are lost, and the primary is down as the service starts again
        deleteTree(repository.location(StorageTier.SECONDARY));
        deleteTree(repository.location(StorageTier.COLD));
        Path primary = repository.location(StorageTier.PRIMARY);
        Path away = Files.move(primary, dir.resolve("primary-away"));
        Files.writeString(primary, "not a directory");
        List<PendingCopy> announced = new CopyOnWriteArrayList<>();

        try (TieredRepository.Service service = repository.open(properties, (copy, attempts) -> announced.add(copy))) {
            // the first search runs at once; five retry intervals leave it time to meet the primary down
            Thread.sleep(properties.copyRetryInterval().multipliedBy(5).toMillis());
            assertThat(service.copies().pending()).isEmpty();
            Files.delete(primary);
            Files.move(away, primary);

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (announced.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(announced).extracting(PendingCopy::location).containsExactlyInAnyOrder("secondary", "cold");
        }
        repository.assertWholeEverywhere(manifestKey);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
