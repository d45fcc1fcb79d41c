package io.lifeboat.verify.integrity;

import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectVerifier;
import io.lifeboat.format.object.VerificationResult;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies a backup's copy on one storage location: the sealed manifest authenticates (and is the one announced,
 * when an announcement is known), and every object exists, decrypts (every GCM tag holds) and matches the
 * manifest's plaintext and stored SHA-256 and sizes. Every problem is collected.
 */
public final class CopyVerifier {

    private final ManifestStore manifests;
    private final MasterKeyProvider masterKeys;
    private final Clock clock;

    public CopyVerifier(ManifestStore manifests, MasterKeyProvider masterKeys, Clock clock) {
        this.manifests = manifests;
        this.masterKeys = masterKeys;
        this.clock = clock;
    }

    /**
     * @param manifestSha256 the manifest checksum announced in BackupCompleted, or null when none is known; a stored
     *                       manifest that differs was replaced after the announcement
     * @throws StorageException when the location could not be read: that says nothing about the copy, check again
     */
    public CopyReport verify(String backupId, String location, Storage storage, String manifestKey,
                             String manifestSha256) {
        Instant start = clock.instant();
        List<Finding> findings = new ArrayList<>();
        long bytes = 0;
        Manifest manifest = readManifest(storage, manifestKey, findings);
        if (manifest != null) {
            checkAnnounced(storage, manifestKey, manifestSha256, findings);
            Map<String, ManifestObject> objects = manifest.objects().stream()
                    .collect(Collectors.toMap(ManifestObject::key, Function.identity(), (a, b) -> a));
            for (VerificationResult result : ObjectVerifier.verify(storage, manifest, masterKeys)) {
                bytes += result.storedBytes();
                finding(result, objects.get(result.key())).ifPresent(findings::add);
            }
        }
        Outcome outcome = findings.stream().map(Finding::outcome)
                .max(Comparator.comparingInt(Outcome::ordinal)).orElse(Outcome.PASSED);
        return new CopyReport(backupId, location, outcome, findings, bytes,
                Duration.between(start, clock.instant()));
    }

    private Manifest readManifest(Storage storage, String key, List<Finding> findings) {
        try {
            return manifests.read(storage, key);
        } catch (ManifestException e) {
            Outcome outcome = switch (e.kind()) {
                case MISSING -> Outcome.MISSING;
                case KEY_UNAVAILABLE -> Outcome.KEY_UNAVAILABLE;
                case MANIFEST_INVALID -> Outcome.MANIFEST_INVALID;
            };
            findings.add(new Finding(key, outcome, null, null, e.getMessage()));
            return null;
        }
    }

    private static void checkAnnounced(Storage storage, String key, String expectedSha, List<Finding> findings) {
        if (expectedSha == null || expectedSha.isBlank()) {
            return;
        }
        String actual;
        try (InputStream in = storage.open(key)) {
            actual = DigestingInputStream.drain(in).sha256();
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.UNAVAILABLE, "unable to read manifest '" + key
                    + "' in " + storage.describe() + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(expectedSha)) {
            findings.add(new Finding(key, Outcome.MANIFEST_INVALID, expectedSha, actual,
                    "manifest '" + key + "' differs from the one announced at backup time"));
        }
    }

    private static Optional<Finding> finding(VerificationResult result, ManifestObject object) {
        String expected = object == null ? null : object.storedSha256();
        Outcome outcome = switch (result.outcome()) {
            case VALID -> Outcome.PASSED;
            case CORRUPT -> Outcome.CORRUPT;
            case MISSING -> Outcome.MISSING;
            case KEY_UNAVAILABLE -> Outcome.KEY_UNAVAILABLE;
            case STORAGE_UNAVAILABLE -> throw new StorageException(StorageException.Reason.UNAVAILABLE,
                    result.detail(), null);
        };
        if (outcome == Outcome.PASSED) {
            return Optional.empty();
        }
        return Optional.of(new Finding(result.key(), outcome, expected, null, result.detail()));
    }
}
