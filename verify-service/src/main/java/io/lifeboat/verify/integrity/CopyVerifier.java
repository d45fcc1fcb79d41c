package io.lifeboat.verify.integrity;

import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestCodec;
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.format.stream.DigestingInputStream.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Verifies a backup's copy on one storage location against the manifest announced for it. */
public final class CopyVerifier {

    private final Clock clock;

    public CopyVerifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param manifestSha256 the manifest checksum announced in BackupCompleted; a stored manifest that differs was
     *                       tampered with or replaced
     */
    public CopyReport verify(String backupId, String location, Storage storage, String manifestKey,
                             String manifestSha256) {
        Instant start = clock.instant();
        List<Finding> findings = new ArrayList<>();
        long bytes = 0;
        Manifest manifest = readManifest(storage, manifestKey, manifestSha256, findings);
        if (manifest != null) {
            for (ManifestObject object : manifest.objects()) {
                bytes += verifyObject(storage, object, findings);
            }
        }
        Outcome outcome = findings.stream().map(Finding::outcome)
                .max(Comparator.comparingInt(Outcome::ordinal)).orElse(Outcome.PASSED);
        return new CopyReport(backupId, location, outcome, findings, bytes,
                Duration.between(start, clock.instant()));
    }

    private static Manifest readManifest(Storage storage, String key, String expectedSha, List<Finding> findings) {
        byte[] bytes;
        try (InputStream in = storage.open(key)) {
            bytes = in.readAllBytes();
        } catch (StorageException e) {
            findings.add(new Finding(key, e.reason() == StorageException.Reason.NOT_FOUND ? Outcome.MISSING
                    : Outcome.MANIFEST_INVALID, null, null, e.getMessage()));
            return null;
        } catch (IOException e) {
            findings.add(new Finding(key, Outcome.MANIFEST_INVALID, null, null,
                    "unable to read manifest '" + key + "': " + e.getMessage()));
            return null;
        }
        String actualSha = sha256(bytes);
        if (!actualSha.equals(expectedSha)) {
            findings.add(new Finding(key, Outcome.MANIFEST_INVALID, expectedSha, actualSha,
                    "manifest '" + key + "' differs from the one announced at backup time"));
            return null;
        }
        try {
            return ManifestCodec.decode(bytes, "'" + key + "' in " + storage.describe());
        } catch (ManifestException e) {
            findings.add(new Finding(key, Outcome.MANIFEST_INVALID, null, null, e.getMessage()));
            return null;
        }
    }

    /** Adds findings for one object; returns the bytes read. */
    private static long verifyObject(Storage storage, ManifestObject object, List<Finding> findings) {
        Digest digest;
        try (InputStream in = storage.open(object.key())) {
            digest = DigestingInputStream.drain(in);
        } catch (StorageException e) {
            findings.add(new Finding(object.key(), e.reason() == StorageException.Reason.NOT_FOUND ? Outcome.MISSING
                    : Outcome.CORRUPT, null, null, e.getMessage()));
            return 0;
        } catch (IOException e) {
            findings.add(new Finding(object.key(), Outcome.CORRUPT, null, null,
                    "unable to read '" + object.key() + "': " + e.getMessage()));
            return 0;
        }
        if (digest.bytes() != object.storedBytes()) {
            findings.add(new Finding(object.key(), Outcome.CORRUPT, Long.toString(object.storedBytes()),
                    Long.toString(digest.bytes()), "object '" + object.key() + "' has the wrong size"));
        }
        if (!digest.sha256().equals(object.storedSha256())) {
            findings.add(new Finding(object.key(), Outcome.CORRUPT, object.storedSha256(), digest.sha256(),
                    "object '" + object.key() + "' has the wrong SHA-256"));
        }
        return digest.bytes();
    }

    private static String sha256(byte[] bytes) {
        try {
            return DigestingInputStream.drain(new java.io.ByteArrayInputStream(bytes)).sha256();
        } catch (IOException e) {
            throw new IllegalStateException("hashing an in-memory array cannot fail", e);
        }
    }
}
