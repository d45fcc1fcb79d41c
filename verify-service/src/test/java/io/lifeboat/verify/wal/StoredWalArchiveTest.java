package io.lifeboat.verify.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.storage.FilesystemStorage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive is read from backup-service's layout: a segment counts once its manifest is stored. */
class StoredWalArchiveTest {

    @TempDir
    Path root;

    @Test
    void segmentsAndHistoriesAreGroupedByClusterAndCountOnlyWithTheirManifest() {
        FilesystemStorage storage = new FilesystemStorage(root);
        commit(storage, "000000010000000000000001-111");
        commit(storage, "000000010000000000000002-111");
        commit(storage, "00000002.history-111");
        commit(storage, "000000010000000000000007-222");
        // an object whose manifest was never written (a crash mid-upload) is not a stored segment
        put(storage, RepositoryLayout.objectKey("WAL", "000000010000000000000003-111", "000000010000000000000003"));
        put(storage, RepositoryLayout.manifestKey("DATABASE_DUMP", "dump-1"));

        Map<String, WalArchive> archives = StoredWalArchive.bySystem(storage);
        assertThat(archives).containsOnlyKeys("111", "222");
        assertThat(archives.get("111").segmentNames())
                .containsExactlyInAnyOrder("000000010000000000000001", "000000010000000000000002");
        assertThat(archives.get("111").timelinesWithHistory()).containsExactly(2L);
        assertThat(archives.get("222").segmentNames()).containsExactly("000000010000000000000007");
    }

    private static void commit(FilesystemStorage storage, String backupId) {
        put(storage, RepositoryLayout.objectKey("WAL", backupId, "segment"));
        put(storage, RepositoryLayout.manifestKey("WAL", backupId));
    }

    private static void put(FilesystemStorage storage, String key) {
        storage.put(key, new ByteArrayInputStream(new byte[] {1}));
    }
}
