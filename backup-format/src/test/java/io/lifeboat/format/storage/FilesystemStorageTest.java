package io.lifeboat.format.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void missingRootIsAnEmptyLocation() {
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.exists("k")).isFalse();
    }
}
