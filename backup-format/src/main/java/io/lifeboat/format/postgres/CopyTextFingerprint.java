package io.lifeboat.format.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The fingerprint of one table's rows in PostgreSQL's COPY text format (one row per line, newlines inside values
 * escaped, so every 0x0A byte ends a row), fed in pieces of any size: the row count and the sum, modulo 2^64, of a
 * 64-bit hash of each row's bytes (without its newline). A line that is exactly {@code \.} is COPY's end-of-data
 * marker (pg_dump writes it, followed by empty lines, after each table's rows; no row's text can be that, since a
 * backslash in a value is escaped): it and whatever follows are not rows. The sum makes it independent of row order, so a dump and
 * the table it was restored into fingerprint alike whatever order either was read in.
 *
 * <p>The row hash, "row64": {@code h = 0x9E3779B97F4A7C15}; for each full 8-byte little-endian word {@code w} of
 * the row: {@code k = rotl(w * C1, 31) * C2; h = rotl(h ^ k, 27) * 5 + 0x52DCE729}; the last 1 to 7 bytes, zero
 * padded to a word {@code w}: {@code h ^= rotl(w * C1, 31) * C2}; then {@code h ^= length} and the 64-bit
 * finalizer {@code fmix64} (xor-shift 33, multiply 0xFF51AFD7ED558CCD, xor-shift 33, multiply 0xC4CEB9FE1A85EC53,
 * xor-shift 33), with {@code C1 = 0x87C37B91114253D5}, {@code C2 = 0x4CF5AD432745937F} (MurmurHash3's x64 mixing
 * steps). It is a checksum against lost or altered rows, not a cryptographic digest: the stored objects are
 * protected by SHA-256 and AES-GCM, and the manifest by its MAC.
 */
public final class CopyTextFingerprint {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long C1 = 0x87C37B91114253D5L;
    private static final long C2 = 0x4CF5AD432745937FL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** The bytes {@code \.} as a little-endian word. */
    private static final long END_MARKER = ('.' << 8) | '\\';

    private long rows;
    private long sum;
    /** The row being read: its hash so far, its length, and up to 7 bytes not yet mixed in. */
    private long h = SEED;
    private long length;
    private long pending;
    private int pendingBytes;
    private boolean endMarkerSeen;

    /** Feeds the next {@code len} bytes of COPY text data. */
    public void update(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (endMarkerSeen) {
            return;
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            if (pendingBytes == 0) {
                // whole words while none of their bytes is a newline
                while (i + 8 <= end) {
                    long w = (long) LONG_LE.get(data, i);
                    long x = w ^ NEWLINES;
                    if (((x - LOW_BITS) & ~x & HIGH_BITS) != 0) {
                        break;
                    }
                    mixWord(w);
                    length += 8;
                    i += 8;
                }
            }
            // byte by byte up to the next word boundary of the row, or the newline
            while (i < end) {
                byte b = data[i++];
                if (b == '\n') {
                    endRow();
                    if (endMarkerSeen) {
                        return;
                    }
                    break;
                }
                pending |= (b & 0xFFL) << (pendingBytes * 8);
                length++;
                if (++pendingBytes == 8) {
                    mixWord(pending);
                    pending = 0;
                    pendingBytes = 0;
                    break;
                }
            }
        }
    }

    private void mixWord(long w) {
        h = Long.rotateLeft(h ^ (Long.rotateLeft(w * C1, 31) * C2), 27) * 5 + 0x52DCE729L;
    }

    private void endRow() {
        if (length == 2 && pending == END_MARKER) {
            endMarkerSeen = true;
            length = 0;
            pending = 0;
            pendingBytes = 0;
            return;
        }
        long x = h;
        if (pendingBytes > 0) {
            x ^= Long.rotateLeft(pending * C1, 31) * C2;
        }
        x ^= length;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        sum += x;
        rows++;
        h = SEED;
        length = 0;
        pending = 0;
        pendingBytes = 0;
    }

    /** Whether the data fed so far ends with a complete row (or is empty). */
    public boolean atRowBoundary() {
        return endMarkerSeen || (length == 0 && pendingBytes == 0);
    }

    /**
     * The fingerprint of the rows fed so far.
     *
     * @throws IllegalStateException if the data ends inside a row
     */
    public TableFingerprint result() {
        if (!atRowBoundary()) {
            throw new IllegalStateException("COPY data ends inside a row (" + length + " bytes after the last newline)");
        }
        return new TableFingerprint(rows, HexFormat.of().toHexDigits(sum));
    }
}
