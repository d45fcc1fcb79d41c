package io.lifeboat.format.object;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.ArrayReadInputStream;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.format.stream.ReadAheadInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stored object decoded while it is read and checked against its manifest entry: stored size and SHA-256, each
 * GCM tag (by Tink), the zstd frame, plaintext size and SHA-256. Failures are {@link VerificationException}s: a
 * failed layer as soon as it fails, size and checksum mismatches when the end is reached.
 */
final class VerifyingInputStream extends ArrayReadInputStream {

    private static final int DRAIN_BUFFER_BYTES = 64 * 1024;
    /**
     * Objects at least this large are decoded in stages on threads of their own: storage read + stored SHA-256,
     * decrypt + decompress, and (for a {@link Reader#CONSUMER}) plaintext SHA-256, leaving the caller's thread to
     * whatever it does with the plaintext. Smaller ones (WAL of a quiet server, configuration) are not worth the
     * threads.
     */
    static final long PIPELINE_MIN_STORED_BYTES = 4L * 1024 * 1024;
    private static final int STAGE_BUFFERS = 4;
    private static final int STAGE_BUFFER_BYTES = 1024 * 1024;

    private final ManifestObject expected;
    private final String location;
    private final FailureTaggingInputStream storageLayer;
    private final DigestingInputStream stored;
    /** What the decoding layers read: {@link #stored} itself or a read-ahead stage over it. */
    private final InputStream storedStage;
    private final FailureTaggingInputStream decryptLayer;
    /** Decoding layers from the one reading stored bytes up to the one the plaintext digest reads. */
    private final List<InputStream> layers;
    private final DigestingInputStream plain;
    /** What the caller reads: {@link #plain} itself or a read-ahead stage over it. */
    private final InputStream top;
    private VerificationException failure;
    private String storedSha256;
    private boolean finished;
    private boolean closed;

    private VerifyingInputStream(ManifestObject expected, String location, FailureTaggingInputStream storageLayer,
                                 DigestingInputStream stored, InputStream storedStage,
                                 FailureTaggingInputStream decryptLayer, List<InputStream> layers,
                                 DigestingInputStream plain, InputStream top) {
        this.expected = expected;
        this.location = location;
        this.storageLayer = storageLayer;
        this.stored = stored;
        this.storedStage = storedStage;
        this.decryptLayer = decryptLayer;
        this.layers = layers;
        this.plain = plain;
        this.top = top;
    }

    /** What the caller does with the plaintext, which decides where the plaintext is hashed. */
    enum Reader {
        /** Uses the plaintext: it is hashed on a stage of its own, in parallel with the caller's work. */
        CONSUMER,
        /**
         * Only reads it to the end (verification): it is hashed on the caller's thread, which has nothing else to
         * do, saving a thread and a copy of every plaintext byte.
         */
        DRAIN
    }

    static VerifyingInputStream open(Storage storage, ManifestObject object, DataKey dataKey, Reader reader)
            throws VerificationException {
        Objects.requireNonNull(object, "object");
        String key = object.key();
        String location = storage.describe();
        InputStream raw;
        // what a failed open closes: raw, or the read-ahead stage over it, whose thread would otherwise wait forever
        // for a reader to free a buffer
        InputStream opened;
        try {
            raw = storage.open(key);
            opened = raw;
        } catch (StorageException e) {
            if (e.reason() == StorageException.Reason.NOT_FOUND) {
                throw new VerificationException(VerificationOutcome.MISSING, key, "object '" + key + "' is missing"
                        + " from " + location, e);
            }
            throw new VerificationException(VerificationOutcome.STORAGE_UNAVAILABLE, key, e.getMessage(), e);
        }
        try {
            FailureTaggingInputStream storageLayer = new FailureTaggingInputStream(raw);
            DigestingInputStream stored = new DigestingInputStream(storageLayer);
            FailureTaggingInputStream decryptLayer = null;
            List<InputStream> layers = new ArrayList<>();
            List<String> codecs = object.codecs();
            boolean pipelined = !codecs.isEmpty() && object.storedBytes() >= PIPELINE_MIN_STORED_BYTES;
            InputStream storedStage = pipelined ? stage(stored, "object-read " + key) : stored;
            opened = storedStage;
            InputStream current = storedStage;
            for (int i = codecs.size() - 1; i >= 0; i--) {
                Codec codec = Codec.fromId(codecs.get(i));
                if (codec == null) {
                    throw new VerificationException(VerificationOutcome.CORRUPT, key, "object '" + key + "' in "
                            + location + " names unknown codec '" + codecs.get(i) + "'", null);
                }
                switch (codec) {
                    case AES256_GCM_HKDF_1MB -> {
                        if (dataKey == null) {
                            throw new VerificationException(VerificationOutcome.KEY_UNAVAILABLE, key, "object '"
                                    + key + "' in " + location + " is encrypted and no data key was given", null);
                        }
                        decryptLayer = new FailureTaggingInputStream(
                                dataKey.decryptingStream(current, ObjectWriter.associatedData(key)));
                        current = decryptLayer;
                    }
                    case ZSTD -> current = new FailureTaggingInputStream(new FramedZstdInputStream(current));
                }
                layers.add(current);
            }
            InputStream decoded = pipelined ? stage(current, "object-decode " + key) : current;
            DigestingInputStream plain = new DigestingInputStream(decoded);
            return new VerifyingInputStream(object, location, storageLayer, stored, storedStage, decryptLayer,
                    layers, plain, pipelined && reader == Reader.CONSUMER ? stage(plain, "object-digest " + key)
                    : plain);
        } catch (VerificationException e) {
            closeQuietly(opened);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            throw new VerificationException(VerificationOutcome.CORRUPT, key, "unable to start decoding '" + key
                    + "' in " + location + ": " + e.getMessage(), e);
        }
    }

    private static InputStream stage(InputStream source, String name) {
        return new ReadAheadInputStream(source, STAGE_BUFFERS, STAGE_BUFFER_BYTES, name);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("object stream of '" + expected.key() + "' is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int n;
        try {
            n = top.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw fail(classify(e));
        }
        if (n < 0) {
            finish();
            return -1;
        }
        return n;
    }

    /** At the plaintext's end: let every layer reach its own end, then compare sizes and checksums. */
    private void finish() throws VerificationException {
        long trailing = 0;
        try {
            for (int i = layers.size() - 2; i >= 0; i--) {
                trailing += drain(layers.get(i));
            }
            drain(storedStage);
        } catch (IOException | RuntimeException e) {
            throw fail(classify(e));
        }
        String mismatch = storedMismatch();
        if (mismatch == null && trailing > 0) {
            mismatch = "object '" + expected.key() + "' in " + location + " has " + trailing
                    + " bytes after the end of its compressed data";
        }
        if (mismatch == null && plain.bytes() != expected.plainBytes()) {
            mismatch = "plaintext size of '" + expected.key() + "' in " + location + " is " + plain.bytes()
                    + " bytes, the manifest says " + expected.plainBytes();
        }
        if (mismatch == null) {
            String sha = plain.sha256Hex();
            if (!sha.equalsIgnoreCase(expected.plainSha256())) {
                mismatch = "plaintext sha-256 of '" + expected.key() + "' in " + location + " is " + sha
                        + ", the manifest says " + expected.plainSha256();
            }
        }
        if (mismatch != null) {
            throw fail(new VerificationException(VerificationOutcome.CORRUPT, expected.key(), mismatch, null));
        }
        finished = true;
    }

    /** Traces a failure to its layer and says what it means for the object. */
    private VerificationException classify(Exception e) {
        String key = expected.key();
        if (e instanceof InterruptedIOException) {
            return new VerificationException(VerificationOutcome.STORAGE_UNAVAILABLE, key, "reading '" + key
                    + "' from " + location + " was interrupted", e);
        }
        if (storageLayer.failure() != null) {
            return new VerificationException(VerificationOutcome.STORAGE_UNAVAILABLE, key, "unable to read '" + key
                    + "' from " + location + ": " + storageLayer.failure().getMessage(), e);
        }
        // were the bytes read so far the ones written? finish reading them to find out (the decoding stage, if any,
        // has stopped: its failure is what surfaced here)
        try {
            drain(storedStage);
        } catch (IOException | RuntimeException storageFailure) {
            return new VerificationException(VerificationOutcome.STORAGE_UNAVAILABLE, key, "unable to read '" + key
                    + "' from " + location + ": " + storageFailure.getMessage(), storageFailure);
        }
        String mismatch = storedMismatch();
        if (mismatch != null) {
            return new VerificationException(VerificationOutcome.CORRUPT, key, mismatch + " (" + layerOf()
                    + " failed: " + e.getMessage() + ")", e);
        }
        if (decryptLayer != null && decryptLayer.failure() != null) {
            return new VerificationException(VerificationOutcome.KEY_UNAVAILABLE, key, "stored bytes of '" + key
                    + "' in " + location + " match the manifest but do not decrypt with the given data key: "
                    + e.getMessage(), e);
        }
        return new VerificationException(VerificationOutcome.CORRUPT, key, "stored bytes of '" + key + "' in "
                + location + " match the manifest but do not decode (" + layerOf() + " failed: " + e.getMessage()
                + ")", e);
    }

    private String layerOf() {
        return decryptLayer != null && decryptLayer.failure() != null ? "decryption" : "decompression";
    }

    /** Null if stored size and SHA-256 match the manifest; call only once the stored bytes are drained. */
    private String storedMismatch() {
        if (storedSha256 == null) {
            storedSha256 = stored.sha256Hex();
        }
        if (stored.bytes() != expected.storedBytes()) {
            return "stored size of '" + expected.key() + "' in " + location + " is " + stored.bytes()
                    + " bytes, the manifest says " + expected.storedBytes();
        }
        if (!storedSha256.equalsIgnoreCase(expected.storedSha256())) {
            return "stored sha-256 of '" + expected.key() + "' in " + location + " is " + storedSha256
                    + ", the manifest says " + expected.storedSha256();
        }
        return null;
    }

    private VerificationException fail(VerificationException e) {
        failure = e;
        return e;
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER_BYTES];
        long total = 0;
        for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
            total += n;
        }
        return total;
    }

    /** Stored bytes read so far. */
    long storedBytes() {
        return stored.bytes();
    }

    /** Plaintext bytes produced so far. */
    long plainBytes() {
        return plain.bytes();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            top.close();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the first error is the one reported
        }
    }
}
