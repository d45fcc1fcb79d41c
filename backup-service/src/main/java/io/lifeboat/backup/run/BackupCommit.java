package io.lifeboat.backup.run;

import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.backup.run.BackupOutcome.Copy;
import io.lifeboat.backup.run.BackupOutcome.CopyState;
import io.lifeboat.backup.run.BackupOutcome.FailureReason;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.MasterKeyException;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The end of every backup: its objects are stored at the primary; the manifest, with the data key wrapped by the
 * current master key, is sealed and written last (the commit marker), then the backup is copied to every other
 * location. A failure before the manifest removes what was stored.
 */
@Component
public class BackupCommit {

    private static final Logger log = LoggerFactory.getLogger(BackupCommit.class);

    private final Locations locations;
    private final Copies copies;
    private final MasterKeyProvider masterKeys;

    public BackupCommit(Locations locations, Copies copies, MasterKeyProvider masterKeys) {
        this.locations = locations;
        this.copies = copies;
        this.masterKeys = masterKeys;
    }

    public Storage primary() {
        return locations.primary().storage();
    }

    /** Commits {@code manifest} (unencrypted form, objects already at the primary) and copies the backup. */
    public BackupOutcome commit(Manifest manifest, DataKey dataKey) {
        Storage primary = primary();
        String manifestKey;
        String manifestSha;
        try {
            manifestKey = new ManifestStore(masterKeys).write(primary,
                    manifest.withEncryption(dataKey.wrap(masterKeys, manifest.backupId())));
            try (InputStream in = primary.open(manifestKey)) {
                manifestSha = DigestingInputStream.drain(in).sha256();
            }
        } catch (StorageException | MasterKeyException | IOException e) {
            discard(primary, RepositoryLayout.manifestKey(manifest.dataType(), manifest.backupId()));
            manifest.objects().stream().map(ManifestObject::key).forEach(k -> discard(primary, k));
            return new BackupOutcome.Failed(manifest.backupId(), manifest.dataType(), manifest.source(),
                    FailureReason.STORAGE_UNAVAILABLE, e.getMessage());
        }
        List<Copy> landed = new ArrayList<>();
        landed.add(new Copy(locations.primary().name(), locations.primary().location().tier(), CopyState.STORED));
        for (Locations.Opened other : locations.others()) {
            CopyState state = copies.copy(other, manifestKey) == Copies.Landed.STORED ? CopyState.STORED
                    : CopyState.PENDING;
            landed.add(new Copy(other.name(), other.location().tier(), state));
        }
        return new BackupOutcome.Completed(manifest.backupId(), manifest, manifestKey, manifestSha, landed);
    }

    /** Removes an object of a backup that will not be committed. */
    public void discard(Storage storage, String key) {
        try {
            storage.delete(key);
        } catch (StorageException e) {
            log.warn("could not remove incomplete object '{}' from {}: {}", key, storage.describe(), e.getMessage());
        }
    }
}
