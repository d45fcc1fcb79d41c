package io.lifeboat.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbandonedWritesTest {

    @TempDir
    Path temp;

    @Test
    void leftoversOlderThanTwiceTheDumpTimeoutGoAtEveryLocationEvenWhenOneIsDown() throws Exception {
        Path primary = temp.resolve("primary");
        Path cold = temp.resolve("cold");
        Path down = Files.writeString(temp.resolve("secondary-is-a-file"), "x");
        Instant now = Instant.parse("2026-11-29T01:30:00Z");
        Locations locations = new Locations(properties(Duration.ofHours(18), List.of(
                new StorageLocation("primary", StorageTier.PRIMARY, primary.toUri().toString()),
                new StorageLocation("secondary", StorageTier.SECONDARY, down.toUri().toString()),
                new StorageLocation("cold", StorageTier.COLD, cold.toUri().toString()))));
        locations.primary().storage().put("backups/b-1/database.pgdump", new ByteArrayInputStream(new byte[4]));
        Path killed = leftover(primary.resolve("backups/b-2"), now.minus(Duration.ofHours(37)));
        Path running = leftover(primary.resolve("backups/b-3"), now.minus(Duration.ofHours(35)));
        Path coldKilled = leftover(cold.resolve("backups/b-2"), now.minus(Duration.ofDays(3)));
        AbandonedWrites abandoned = new AbandonedWrites(locations, properties(Duration.ofHours(18), List.of()));

        int removed = abandoned.remove(now);

        assertThat(abandoned.age()).isEqualTo(Duration.ofHours(36));
        assertThat(removed).isEqualTo(2);
        assertThat(killed).doesNotExist();
        assertThat(coldKilled).doesNotExist();
        assertThat(running).exists();
        assertThat(locations.primary().storage().list("")).containsExactly("backups/b-1/database.pgdump");
        assertThat(new AbandonedWrites(locations, properties(Duration.ofHours(1), List.of())).age())
                .as("never less than a day").isEqualTo(Duration.ofDays(1));
        locations.close();
    }

    private static Path leftover(Path folder, Instant modified) throws Exception {
        Files.createDirectories(folder);
        Path file = Files.writeString(folder.resolve(".partial-database.pgdump-" + modified.getEpochSecond()),
                "half an upload");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    static BackupProperties properties(Duration dumpTimeout, List<StorageLocation> locations) {
        return new BackupProperties(new BackupProperties.Database("127.0.0.1", 5432, "db", "u", null, null),
                locations.isEmpty() ? List.of(new StorageLocation("primary", StorageTier.PRIMARY, "/tmp/unused"))
                        : locations,
                false, null, dumpTimeout, new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                Duration.ofMinutes(1), null, "0 30 1 * * *",
                ObjectWriter.DEFAULT_COMPRESSION_LEVEL);
    }
}
