package io.lifeboat.format.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemStorageTest extends StorageContract {

    @TempDir
    Path temp;

    @Override
    protected Storage newStorage() {
        return new FilesystemStorage(temp.resolve("repo"));
    }

    /** A root that is a regular file: nothing can be created, read or listed under it. */
    @Override
    protected Storage unreachableStorage() throws IOException {
        return new FilesystemStorage(Files.writeString(temp.resolve("not-a-directory"), "x"));
    }

    @Test
    void describeNamesTheRoot() {
        assertThat(storage.describe()).isEqualTo("file:" + temp.resolve("repo").toAbsolutePath());
    }

    @Test
    void listIgnoresTemporaryFilesOfPutsInProgress() throws IOException {
        storage.put("d/k", new ByteArrayInputStream(new byte[1]));
        Files.writeString(temp.resolve("repo/d/.partial-k-123"), "half");

        assertThat(storage.list("d/")).containsExactly("d/k");
    }

    @Test
    void temporaryFilesOfPutsThatNeverFinishedAreRemovedOnlyWhenOlderThanTheCutOff() throws IOException {
        storage.put("d/k", new ByteArrayInputStream(new byte[1]));
        Path killed = Files.writeString(temp.resolve("repo/d/.partial-k-killed"), "half");
        Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path inProgress = Files.writeString(temp.resolve("repo/d/.partial-k-writing"), "still going");

        int removed = storage.removeAbandonedWrites(Instant.now().minus(Duration.ofDays(1)));

        assertThat(removed).isEqualTo(1);
        assertThat(killed).doesNotExist();
        assertThat(inProgress).exists();
        assertThat(storage.list("d/")).containsExactly("d/k");
    }

    @Test
    void missingRootIsAnEmptyLocation() {
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.exists("k")).isFalse();
    }

    @Test
    void anObjectsVersionIsItsModificationTime() throws IOException {
        storage.put("d/k", new ByteArrayInputStream(new byte[4]));
        Path file = temp.resolve("repo/d/k");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-17T10:00:00.123456Z")));
        ListedObject before = storage.listObjects("d/").get(0);

        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-17T10:00:00.123457Z")));
        ListedObject after = storage.listObjects("d/").get(0);

        assertThat(before.version()).isEqualTo("2026-01-17T10:00:00.123456Z");
        assertThat(after.version()).as("a rewrite of the same size still shows").isNotEqualTo(before.version());
        assertThat(after.size()).isEqualTo(before.size());
    }

    @Test
    void listObjectsIgnoresTemporaryFilesOfPutsInProgress() throws IOException {
        storage.put("d/k", new ByteArrayInputStream(new byte[1]));
        Files.writeString(temp.resolve("repo/d/.partial-k-123"), "half");

        assertThat(storage.listObjects("d/")).extracting(ListedObject::key).containsExactly("d/k");
    }
}
