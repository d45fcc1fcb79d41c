package io.lifeboat.format.object;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.MasterKeyException;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Verify-only reads for the verify service: drain an object and report a {@link VerificationResult} instead of
 * throwing. Two depths: {@link #verify full} (decrypt and decompress too, needs the data key) and
 * {@link #verifyStored stored} (size and SHA-256 of the stored bytes only, needs no key).
 */
public final class ObjectVerifier {

    private static final int BUFFER_BYTES = 256 * 1024;

    private ObjectVerifier() {
    }

    /** Reads {@code object} through the whole chain and checks everything the manifest says about it. */
    public static VerificationResult verify(Storage storage, ManifestObject object, DataKey dataKey) {
        VerifyingInputStream in = null;
        try {
            in = VerifyingInputStream.open(storage, object, dataKey, VerifyingInputStream.Reader.DRAIN);
            byte[] buffer = new byte[BUFFER_BYTES];
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // drained for its side effect: every check runs on the way
            }
            return new VerificationResult(object.key(), storage.describe(), VerificationOutcome.VALID,
                    in.storedBytes(), in.plainBytes(), "");
        } catch (VerificationException e) {
            return new VerificationResult(object.key(), storage.describe(), e.outcome(),
                    in == null ? 0 : in.storedBytes(), in == null ? 0 : in.plainBytes(), e.getMessage());
        } catch (IOException e) {
            return new VerificationResult(object.key(), storage.describe(), VerificationOutcome.STORAGE_UNAVAILABLE,
                    in == null ? 0 : in.storedBytes(), in == null ? 0 : in.plainBytes(), e.getMessage());
        } finally {
            closeQuietly(in);
        }
    }

    /** Checks only the stored size and SHA-256 of {@code object}: proves a copy intact without its key. */
    public static VerificationResult verifyStored(Storage storage, ManifestObject object) {
        String key = object.key();
        String location = storage.describe();
        DigestingInputStream in = null;
        try {
            in = new DigestingInputStream(storage.open(key));
            byte[] buffer = new byte[BUFFER_BYTES];
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // hashing on the way
            }
            String sha = in.sha256Hex();
            if (in.bytes() != object.storedBytes()) {
                return new VerificationResult(key, location, VerificationOutcome.CORRUPT, in.bytes(), 0,
                        "stored size of '" + key + "' in " + location + " is " + in.bytes()
                                + " bytes, the manifest says " + object.storedBytes());
            }
            if (!sha.equalsIgnoreCase(object.storedSha256())) {
                return new VerificationResult(key, location, VerificationOutcome.CORRUPT, in.bytes(), 0,
                        "stored sha-256 of '" + key + "' in " + location + " is " + sha + ", the manifest says "
                                + object.storedSha256());
            }
            return new VerificationResult(key, location, VerificationOutcome.VALID, in.bytes(), 0, "");
        } catch (StorageException e) {
            VerificationOutcome outcome = e.reason() == StorageException.Reason.NOT_FOUND
                    ? VerificationOutcome.MISSING : VerificationOutcome.STORAGE_UNAVAILABLE;
            return new VerificationResult(key, location, outcome, 0, 0, e.getMessage());
        } catch (IOException e) {
            return new VerificationResult(key, location, VerificationOutcome.STORAGE_UNAVAILABLE,
                    in == null ? 0 : in.bytes(), 0, "unable to read '" + key + "' from " + location + ": "
                    + e.getMessage());
        } finally {
            closeQuietly(in);
        }
    }

    /**
     * Verifies every object of a backup whose manifest was read (and so authenticated) already. If its data key
     * cannot be unwrapped, each encrypted object is still checked as stored, and reported
     * {@link VerificationOutcome#KEY_UNAVAILABLE} if that much is intact.
     */
    public static List<VerificationResult> verify(Storage storage, Manifest manifest, MasterKeyProvider masterKeys) {
        DataKey dataKey = null;
        String keyProblem = null;
        if (manifest.encryption() != null) {
            try {
                dataKey = DataKey.unwrap(manifest.encryption(), masterKeys, manifest.backupId());
            } catch (MasterKeyException e) {
                keyProblem = e.getMessage();
            }
        }
        List<VerificationResult> results = new ArrayList<>();
        for (ManifestObject object : manifest.objects()) {
            boolean encrypted = object.codecs().contains(Codec.AES256_GCM_HKDF_1MB.id());
            if (encrypted && keyProblem != null) {
                VerificationResult stored = verifyStored(storage, object);
                results.add(stored.outcome() != VerificationOutcome.VALID ? stored
                        : new VerificationResult(object.key(), stored.location(), VerificationOutcome.KEY_UNAVAILABLE,
                        stored.storedBytes(), 0, "stored bytes of '" + object.key() + "' are intact but the data"
                        + " key is unavailable: " + keyProblem));
            } else {
                results.add(verify(storage, object, dataKey));
            }
        }
        return results;
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // the result is decided; closing is housekeeping
            }
        }
    }
}
