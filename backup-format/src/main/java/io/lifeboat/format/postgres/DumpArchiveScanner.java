package io.lifeboat.format.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads a pg_dump custom-format archive written without compression ({@code pg_dump -Fc -Z0}) as its bytes stream
 * past, for two things: the per-table fingerprints ({@link CopyTextFingerprint}) of its table data, so a dump is read
 * once for storing and fingerprinting alike, in exactly its snapshot, at no extra cost to the database; and the
 * position of each entry's data ({@link #dataOffsets()}), which a restore writes into the archive's table of contents;
 * or, for a restore that loads the tables itself, its table of contents and each table's COPY text handed to a
 * {@link DataListener} as they arrive ({@link #streaming}).
 *
 * <p>The archive is a header, a table of contents (one entry per object, "TABLE DATA" entries naming a table's
 * schema and name), then data blocks: a block type byte, the entry's dump id, and length-prefixed chunks of COPY
 * text ending with a zero length. Archive versions 1.12 to 1.16 (pg_dump 11 to 17) are understood; anything else,
 * a compressed archive, or bytes that do not parse fail with a {@link DumpArchiveException} naming what was wrong.
 */
public final class DumpArchiveScanner {

    private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_VERSION = version(1, 12, 0);
    private static final int MAX_VERSION = version(1, 16, 0);
    private static final int ARCHIVE_CUSTOM = 1;
    private static final int BLOCK_DATA = 1;
    private static final int BLOCK_BLOBS = 3;
    private static final int MAX_TOC_BYTES = 512 * 1024 * 1024;

    private enum State { HEADER, BLOCK_TYPE, DUMP_ID, CHUNK_LENGTH, CHUNK, BLOB_OID }

    private final boolean fingerprintRows;
    private final DataListener listener;
    private State state = State.HEADER;
    /** Header and table of contents as they arrive, until they parse. */
    private byte[] head = new byte[64 * 1024];
    private int headLength;
    private int nextHeadAttempt = 4 * 1024;
    private int intSize;
    /** TABLE DATA entries by dump id. */
    private Map<Integer, TocEntry> tableData;
    /** The TABLE DATA entry whose COPY text is being handed to the listener, or null. */
    private TocEntry listened;
    private final Map<String, CopyTextFingerprint> tables = new TreeMap<>();
    /** An integer being read: bytes seen so far. */
    private final byte[] intBytes = new byte[9];
    private int intRead;
    private int blockType;
    private boolean inBlobs;
    private CopyTextFingerprint current;
    private long chunkLeft;
    private long offset;
    private long blockStart;
    private int offSize;
    /** Where each TOC entry's data offset field is (its flag byte), by dump id. */
    private Map<Integer, Integer> offsetFields;
    /** Where each entry's data block starts (its block type byte), by dump id. */
    private final Map<Integer, Long> blockStarts = new HashMap<>();

    /** Reads the archive's structure and fingerprints every table's rows. */
    public DumpArchiveScanner() {
        this(true, null);
    }

    private DumpArchiveScanner(boolean fingerprintRows, DataListener listener) {
        this.fingerprintRows = fingerprintRows;
        this.listener = listener;
    }

    /** One entry of the archive's table of contents, as pg_dump wrote it. */
    public record TocEntry(int dumpId, String description, Section section, String namespace, String tag,
                           String definition, String copyStatement, boolean hasData) {
        /** {@code schema.table}, the key of a table's fingerprint. */
        public String name() {
            return namespace + "." + tag;
        }
    }

    /** The section pg_restore's {@code --section} selects an entry by. */
    public enum Section { NONE, PRE_DATA, DATA, POST_DATA }

    /**
     * Where a {@link #streaming} scanner hands what it reads; an exception thrown here stops the scanning and is
     * thrown from {@link #update}.
     */
    public interface DataListener {
        /**
         * The header and table of contents have been read: the archive's first {@code length} bytes. Called once,
         * before any data.
         */
        void tableOfContents(List<TocEntry> entries, long length) throws IOException;

        /** The data block of a TABLE DATA entry begins. */
        void tableDataStarts(TocEntry entry) throws IOException;

        /** The next bytes of that table's COPY text (pg_dump's end-of-data line included). */
        void tableData(byte[] data, int off, int len) throws IOException;

        /** That table's data block has ended. */
        void tableDataEnds(TocEntry entry) throws IOException;
    }

    /**
     * Reads only the archive's structure, for its {@link #dataOffsets()}: row data is skipped, not hashed, and
     * {@link #finish()} returns no fingerprints.
     */
    public static DumpArchiveScanner structureOnly() {
        return new DumpArchiveScanner(false, null);
    }

    /**
     * Reads the archive's structure (no fingerprints) and hands its table of contents and every table's COPY text
     * to {@code listener} as they stream past; other data blocks (large objects) are skipped.
     */
    public static DumpArchiveScanner streaming(DataListener listener) {
        return new DumpArchiveScanner(false, Objects.requireNonNull(listener, "listener"));
    }

    private static int version(int major, int minor, int revision) {
        return (major << 16) | (minor << 8) | revision;
    }

    /** Wraps {@code in} so that everything read through it is fed to this. */
    public InputStream watch(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    update(b, off, n);
                }
                return n;
            }

            @Override
            public long skip(long n) {
                return 0;
            }
        };
    }

    /**
     * Feeds the archive's next {@code len} bytes.
     *
     * @throws DumpArchiveException if they do not parse; any other IOException comes from the listener
     */
    public void update(byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (state) {
                case HEADER -> i = head(data, i, end);
                case BLOCK_TYPE -> {
                    blockStart = offset;
                    blockType = data[i++] & 0xff;
                    offset++;
                    if (blockType != BLOCK_DATA && blockType != BLOCK_BLOBS) {
                        throw new DumpArchiveException("unknown data block type " + blockType + " at byte "
                                + (offset - 1));
                    }
                    state = State.DUMP_ID;
                }
                case DUMP_ID, CHUNK_LENGTH, BLOB_OID -> i = integer(data, i, end);
                case CHUNK -> {
                    int n = (int) Math.min(chunkLeft, end - i);
                    if (current != null) {
                        current.update(data, i, n);
                    }
                    if (listened != null) {
                        listener.tableData(data, i, n);
                    }
                    i += n;
                    offset += n;
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        state = State.CHUNK_LENGTH;
                    }
                }
            }
        }
    }

    /**
     * The fingerprints of every table whose data the archive held, keyed by {@code schema.table}.
     *
     * @throws DumpArchiveException if the archive ended anywhere but between two data blocks (any other
     *                              IOException comes from a {@link #streaming} scanner's listener)
     */
    public Map<String, TableFingerprint> finish() throws IOException {
        if (state == State.HEADER) {
            tryHead();
        }
        if (state == State.HEADER) {
            throw new DumpArchiveException("the archive ended inside its header or table of contents ("
                    + headLength + " bytes)");
        }
        if (state != State.BLOCK_TYPE) {
            throw new DumpArchiveException("the archive ended inside a data block, at byte " + offset);
        }
        Map<String, TableFingerprint> result = new TreeMap<>();
        if (!fingerprintRows) {
            return result;
        }
        for (Map.Entry<String, CopyTextFingerprint> e : tables.entrySet()) {
            if (!e.getValue().atRowBoundary()) {
                throw new DumpArchiveException("the data of table " + e.getKey() + " ends inside a row");
            }
            result.put(e.getKey(), e.getValue().result());
        }
        // tables whose data entry had no block (cannot happen with pg_dump, but never report them as missing)
        for (TocEntry table : tableData.values()) {
            result.putIfAbsent(table.name(), new CopyTextFingerprint().result());
        }
        return result;
    }

    /**
     * Where the data of each entry starts in the archive, to be written into its table of contents once the whole
     * archive is in a file: pg_dump writing to a pipe cannot go back to record them, and without them each of
     * {@code pg_restore -j N}'s workers reads through the archive to find its table's data. Call after
     * {@link #finish()}.
     */
    public DumpDataOffsets dataOffsets() {
        if (state != State.BLOCK_TYPE) {
            throw new IllegalStateException("the archive has not been read to its end");
        }
        Map<Long, Long> fields = new TreeMap<>();
        blockStarts.forEach((dumpId, start) -> {
            Integer field = offsetFields.get(dumpId);
            if (field != null) {
                fields.put((long) field, start);
            }
        });
        return new DumpDataOffsets(offSize, fields);
    }

    private int head(byte[] data, int i, int end) throws IOException {
        int n = end - i;
        if (headLength + n > head.length) {
            if (headLength + n > MAX_TOC_BYTES) {
                throw new DumpArchiveException("the archive's header and table of contents exceed "
                        + MAX_TOC_BYTES + " bytes");
            }
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
        }
        System.arraycopy(data, i, head, headLength, n);
        headLength += n;
        if (headLength >= nextHeadAttempt) {
            tryHead();
        }
        return end;
    }

    /** Parses the header and table of contents if all of them has arrived, then moves on to the data. */
    private void tryHead() throws IOException {
        HeadReader reader = new HeadReader(head, headLength);
        if (!reader.parse()) {
            nextHeadAttempt = headLength * 2;
            return;
        }
        intSize = reader.intSize;
        offSize = reader.offSize;
        offsetFields = reader.offsetFields;
        tableData = new HashMap<>();
        reader.entries.stream().filter(e -> "TABLE DATA".equals(e.description()))
                .forEach(e -> tableData.put(e.dumpId(), e));
        if (listener != null) {
            listener.tableOfContents(List.copyOf(reader.entries), reader.position);
        }
        for (TocEntry table : tableData.values()) {
            tables.putIfAbsent(table.name(), new CopyTextFingerprint());
        }
        state = State.BLOCK_TYPE;
        offset = reader.position;
        byte[] rest = Arrays.copyOfRange(head, reader.position, headLength);
        head = null;
        update(rest, 0, rest.length);
    }

    /** Reads one archive integer (a sign byte, then {@code intSize} bytes little-endian) and acts on it. */
    private int integer(byte[] data, int i, int end) throws IOException {
        int need = 1 + intSize;
        while (i < end && intRead < need) {
            intBytes[intRead++] = data[i++];
            offset++;
        }
        if (intRead < need) {
            return i;
        }
        intRead = 0;
        long value = 0;
        for (int b = intSize; b >= 1; b--) {
            value = (value << 8) | (intBytes[b] & 0xff);
        }
        if (intBytes[0] != 0) {
            value = -value;
        }
        switch (state) {
            case DUMP_ID -> {
                blockStarts.put((int) value, blockStart);
                TocEntry table = tableData.get((int) value);
                inBlobs = blockType == BLOCK_BLOBS;
                current = inBlobs || table == null || !fingerprintRows ? null : tables.get(table.name());
                if (listener != null && !inBlobs && table != null) {
                    listened = table;
                    listener.tableDataStarts(listened);
                }
                state = inBlobs ? State.BLOB_OID : State.CHUNK_LENGTH;
            }
            case BLOB_OID -> state = value == 0 ? State.BLOCK_TYPE : State.CHUNK_LENGTH;
            case CHUNK_LENGTH -> {
                if (value < 0) {
                    throw new DumpArchiveException("negative data chunk length " + value + " at byte " + offset);
                }
                if (value == 0) {
                    state = inBlobs ? State.BLOB_OID : State.BLOCK_TYPE;
                    if (listened != null) {
                        TocEntry ended = listened;
                        listened = null;
                        listener.tableDataEnds(ended);
                    }
                } else {
                    chunkLeft = value;
                    state = State.CHUNK;
                }
            }
            default -> throw new IllegalStateException("no integer expected in state " + state);
        }
        return i;
    }

    /** Parses the header and table of contents from a prefix of the archive; false if it needs more bytes. */
    private static final class HeadReader {
        private final byte[] buffer;
        private final int limit;
        int position;
        int intSize;
        int offSize;
        int version;
        final Map<Integer, Integer> offsetFields = new HashMap<>();
        final List<TocEntry> entries = new ArrayList<>();

        HeadReader(byte[] buffer, int limit) {
            this.buffer = buffer;
            this.limit = limit;
        }

        boolean parse() throws DumpArchiveException {
            try {
                header();
                toc();
                return true;
            } catch (NeedMore e) {
                return false;
            }
        }

        private void header() throws DumpArchiveException {
            for (byte m : MAGIC) {
                if (byteAt() != m) {
                    throw new DumpArchiveException("not a pg_dump custom-format archive (no PGDMP signature)");
                }
            }
            version = version(byteAt(), byteAt(), byteAt());
            if (version < MIN_VERSION || version > MAX_VERSION) {
                throw new DumpArchiveException("pg_dump archive version " + (version >> 16) + "." + ((version >> 8)
                        & 0xff) + " is not supported (1.12 to 1.16 are)");
            }
            intSize = byteAt();
            offSize = byteAt();
            if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8) {
                throw new DumpArchiveException("invalid archive integer sizes " + intSize + "/" + offSize);
            }
            int format = byteAt();
            if (format != ARCHIVE_CUSTOM) {
                throw new DumpArchiveException("archive format " + format + " is not the custom format (-Fc)");
            }
            long compression = version >= version(1, 15, 0) ? byteAt() : readInt();
            if (compression != 0) {
                throw new DumpArchiveException("the archive is compressed (" + compression
                        + "); table fingerprints need an uncompressed dump (pg_dump -Z0)");
            }
            for (int i = 0; i < 7; i++) {
                readInt(); // creation time
            }
            readString(); // database name
            readString(); // server version
            readString(); // pg_dump version
        }

        private void toc() throws DumpArchiveException {
            long count = readInt();
            if (count < 0) {
                throw new DumpArchiveException("negative table of contents size " + count);
            }
            for (long e = 0; e < count; e++) {
                int dumpId = (int) readInt();
                boolean hasData = readInt() != 0; // had a data dumper
                readString(); // table oid
                readString(); // oid
                String tag = readString();
                String desc = readString();
                long section = readInt();
                String definition = readString();
                readString(); // drop statement
                String copyStatement = readString();
                String namespace = readString();
                readString(); // tablespace
                readString(); // table access method
                if (version >= version(1, 16, 0)) {
                    readInt(); // relkind
                }
                readString(); // owner
                readString(); // "false": WITH OIDS
                while (readString() != null) {
                    // dependencies, up to a null
                }
                offsetFields.put(dumpId, position);
                byteAt(); // data offset flag
                skip(offSize); // data offset
                // pg_dump's sections are numbered from 1: none, pre-data, data, post-data
                Section[] sections = Section.values();
                entries.add(new TocEntry(dumpId, desc, section >= 1 && section <= sections.length
                        ? sections[(int) section - 1] : Section.NONE, namespace, tag, definition, copyStatement,
                        hasData));
            }
        }

        private int byteAt() {
            if (position >= limit) {
                throw NeedMore.INSTANCE;
            }
            return buffer[position++] & 0xff;
        }

        private void skip(int n) {
            if (position + n > limit) {
                throw NeedMore.INSTANCE;
            }
            position += n;
        }

        private long readInt() {
            int sign = byteAt();
            long value = 0;
            for (int b = 0; b < intSize; b++) {
                value |= (long) byteAt() << (8 * b);
            }
            return sign == 0 ? value : -value;
        }

        private String readString() throws DumpArchiveException {
            long length = readInt();
            if (length < 0) {
                return null;
            }
            if (length > MAX_TOC_BYTES) {
                throw new DumpArchiveException("table of contents string of " + length + " bytes at byte "
                        + position);
            }
            int start = position;
            skip((int) length);
            return new String(buffer, start, (int) length, StandardCharsets.UTF_8);
        }
    }

    /** Thrown inside {@link HeadReader} when the bytes so far end before the table of contents does. */
    private static final class NeedMore extends RuntimeException {
        static final NeedMore INSTANCE = new NeedMore();

        private NeedMore() {
            super(null, null, false, false);
        }
    }
}
