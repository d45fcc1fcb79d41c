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
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        return new BackupOutcome.Completed(manifest.backupId(), manifest, manifestKey, manifestSha,
                copyToOthers(manifestKey));
    }

    /**
     * The backup already committed at the primary as {@code backupId} of {@code dataType}, copied again to every
     * other location (a copy there that is whole is left as it is), or empty if the primary has no manifest for it.
     * A caller that would store the same backup again asks first: storing it again would give it new bytes under
     * the same keys (a new data key), which copies and checks made of the first commit would no longer match.
     *
     * @throws ManifestException if a manifest is there but cannot be read (altered, or its master key unknown)
     * @throws StorageException  if the primary cannot be read
     */
    public Optional<BackupOutcome.Completed> committed(String dataType, String backupId) {
        Storage primary = primary();
        String manifestKey = RepositoryLayout.manifestKey(dataType, backupId);
        if (!primary.exists(manifestKey)) {
            return Optional.empty();
        }
        Manifest manifest = new ManifestStore(masterKeys).read(primary, manifestKey);
        String manifestSha;
        try (InputStream in = primary.open(manifestKey)) {
            manifestSha = DigestingInputStream.drain(in).sha256();
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.UNAVAILABLE, "unable to read manifest '"
                    + manifestKey + "' in " + primary.describe() + ": " + e.getMessage(), e);
        }
        return Optional.of(new BackupOutcome.Completed(backupId, manifest, manifestKey, manifestSha,
                copyToOthers(manifestKey)));
    }

    /** The primary's copy (STORED) and each other location's, copied now or PENDING. */
    private List<Copy> copyToOthers(String manifestKey) {
        List<Copy> landed = new ArrayList<>();
        landed.add(new Copy(locations.primary().name(), locations.primary().location().tier(), CopyState.STORED));
        for (Locations.Opened other : locations.others()) {
            CopyState state = copies.copy(other, manifestKey) == Copies.Landed.STORED ? CopyState.STORED
                    : CopyState.PENDING;
            landed.add(new Copy(other.name(), other.location().tier(), state));
        }
        return landed;
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
