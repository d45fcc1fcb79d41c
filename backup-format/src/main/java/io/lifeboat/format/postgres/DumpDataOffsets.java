package io.lifeboat.format.postgres;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;

/**
 * The data offsets of a pg_dump custom-format archive's table of contents, found by {@link DumpArchiveScanner}
 * while the archive streamed past: for each entry with a data block, where its offset field is and where its block
 * starts. {@link #writeInto} records them the way pg_dump itself does when it writes to a seekable file (flag
 * "position set", then the offset in the archive's offset size, little-endian), so pg_restore seeks straight to
 * each table's data.
 *
 * @param offsetSize bytes per offset, from the archive's header
 * @param fields     position of each entry's offset field (its flag byte) to the position of its data block
 */
public record DumpDataOffsets(int offsetSize, Map<Long, Long> fields) {

    /** pg_dump's flag for "the data is at the offset that follows". */
    private static final byte OFFSET_POSITION_SET = 2;

    public DumpDataOffsets {
        fields = Map.copyOf(fields);
    }

    /** Writes every offset into the archive file open in {@code file} (the same bytes the offsets were read from). */
    public void writeInto(FileChannel file) throws IOException {
        ByteBuffer field = ByteBuffer.allocate(1 + offsetSize);
        for (Map.Entry<Long, Long> e : fields.entrySet()) {
            field.clear();
            field.put(OFFSET_POSITION_SET);
            long value = e.getValue();
            for (int b = 0; b < offsetSize; b++) {
                field.put((byte) (value >>> (8 * b)));
            }
            field.flip();
            while (field.hasRemaining()) {
                file.write(field, e.getKey() + field.position());
            }
        }
    }
}
