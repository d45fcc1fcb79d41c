package io.lifeboat.format.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passes bytes through unchanged while counting them and computing their SHA-256. */
public final class DigestingInputStream extends FilterInputStream {

    private final MessageDigest sha256;
    private long bytes;

    public DigestingInputStream(InputStream in) {
        super(in);
        this.sha256 = newSha256();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            sha256.update(buffer, offset, n);
            bytes += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes read so far. */
    public long bytes() {
        return bytes;
    }

    /** Hex SHA-256 of everything read; call once, after the stream is exhausted. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Reads {@code in} to its end and returns its hex SHA-256; closes it. */
    public static Digest drain(InputStream in) throws IOException {
        try (DigestingInputStream d = new DigestingInputStream(in)) {
            d.transferTo(OutputStreamSink.INSTANCE);
            return new Digest(d.bytes(), d.sha256Hex());
        }
    }

    /** Size and hex SHA-256 of a byte sequence. */
    public record Digest(long bytes, String sha256) {
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
