package io.lifeboat.format.manifest;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.MasterKeyException;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves backups to the current master key: for each manifest, unwraps the data key with the key that wrapped it,
 * wraps it again with the current key, seals the manifest with the current key and rewrites it atomically, then
 * reads it back to prove it. Object data is never touched. Idempotent: a manifest already on the current key is left
 * alone, so a rotation interrupted half-way is finished by running it again.
 *
 * <p>Retiring a master key: add a new key, make it current, run {@link #rewrapAll} on every location until no
 * result is {@link Outcome#FAILED}, then remove the old key.
 */
public final class KeyRotation {

    /** What a rotation did to one manifest. */
    public enum Outcome {
        /** Re-wrapped and re-sealed with the current key, and read back. */
        REWRAPPED,
        /** Already sealed, and its data key wrapped, with the current key. */
        ALREADY_CURRENT,
        /** Could not be rotated (see detail); it still needs its old key. */
        FAILED
    }

    /**
     * @param manifestKey  the manifest's storage key
     * @param previousKeys master key ids the manifest used before (seal key, then data key when different)
     * @param detail       why it failed; empty otherwise
     */
    public record Result(String manifestKey, Outcome outcome, List<String> previousKeys, String detail) {
        public Result {
            previousKeys = List.copyOf(previousKeys);
        }
    }

    /** Results of rotating one location to {@code targetKeyId}. */
    public record Report(String location, String targetKeyId, List<Result> results) {
        public Report {
            results = List.copyOf(results);
        }

        public long count(Outcome outcome) {
            return results.stream().filter(r -> r.outcome() == outcome).count();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);

    private final MasterKeyProvider masterKeys;
    private final ManifestStore store;

    public KeyRotation(MasterKeyProvider masterKeys) {
        this.masterKeys = Objects.requireNonNull(masterKeys, "masterKeys");
        this.store = new ManifestStore(masterKeys);
    }

    /**
     * Rotates every manifest on {@code storage} to the current master key. One manifest failing does not stop the
     * others; the location failing to list does ({@link StorageException}).
     */
    public Report rewrapAll(Storage storage) {
        String target = masterKeys.currentKeyId();
        List<Result> results = new ArrayList<>();
        for (String key : storage.list(RepositoryLayout.BACKUPS_ROOT)) {
            if (RepositoryLayout.isManifestKey(key)) {
                results.add(rewrap(storage, key));
            }
        }
        Report report = new Report(storage.describe(), target, results);
        LOG.info("rotated {} to master key '{}': {} rewrapped, {} already current, {} failed", storage.describe(),
                target, report.count(Outcome.REWRAPPED), report.count(Outcome.ALREADY_CURRENT),
                report.count(Outcome.FAILED));
        return report;
    }

    /** Rotates one manifest to the current master key. */
    public Result rewrap(Storage storage, String manifestKey) {
        String target = masterKeys.currentKeyId();
        try {
            ManifestStore.Sealed sealed = store.readSealed(storage, manifestKey);
            Manifest manifest = sealed.manifest();
            List<String> previous = new ArrayList<>(List.of(sealed.sealKeyId()));
            if (manifest.encryption() != null && !previous.contains(manifest.encryption().masterKeyId())) {
                previous.add(manifest.encryption().masterKeyId());
            }
            boolean dataKeyCurrent = manifest.encryption() == null
                    || target.equals(manifest.encryption().masterKeyId());
            if (dataKeyCurrent && target.equals(sealed.sealKeyId())) {
                return new Result(manifestKey, Outcome.ALREADY_CURRENT, previous, "");
            }
            Manifest rotated = manifest;
            if (!dataKeyCurrent) {
                DataKey dataKey = DataKey.unwrap(manifest.encryption(), masterKeys, manifest.backupId());
                rotated = manifest.withEncryption(dataKey.wrap(masterKeys, target, manifest.backupId()));
            }
            store.write(storage, manifestKey, rotated);
            ManifestStore.Sealed check = store.readSealed(storage, manifestKey);
            if (!target.equals(check.sealKeyId()) || !check.manifest().equals(rotated)) {
                return new Result(manifestKey, Outcome.FAILED, previous,
                        "manifest read back after rewriting does not match what was written");
            }
            if (rotated.encryption() != null) {
                DataKey.unwrap(check.manifest().encryption(), masterKeys, rotated.backupId());
            }
            return new Result(manifestKey, Outcome.REWRAPPED, previous, "");
        } catch (ManifestException | MasterKeyException | StorageException e) {
            LOG.warn("unable to rotate manifest '{}' in {}: {}", manifestKey, storage.describe(), e.getMessage());
            return new Result(manifestKey, Outcome.FAILED, List.of(), e.getMessage());
        }
    }
}
