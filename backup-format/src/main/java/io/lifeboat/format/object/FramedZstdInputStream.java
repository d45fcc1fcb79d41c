package io.lifeboat.format.object;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import io.lifeboat.format.stream.ArrayReadInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes a zstd stream frame by frame: a frame that declares a content size of at most {@link #MAX_FRAME_BYTES}
 * (what {@link FramedZstdOutputStream} writes) is collected by walking its block headers and decompressed in one
 * call, straight into the reader's buffer when it has room; anything else (a frame of unknown or larger size, as
 * written by streaming compressors and by Lifeboat before frames, or a skippable frame) hands the rest of the stream
 * to zstd's streaming decoder. Every frame's content checksum, when present, is checked by zstd itself.
 *
 * <p>Errors are {@link IOException}s naming the frame (its ordinal) and what was wrong; a stream that ends inside a
 * frame is an {@link EOFException}.
 */
final class FramedZstdInputStream extends ArrayReadInputStream {

    /** Largest declared frame content decoded in one call; bounds the memory a frame header can make us take. */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;
    private static final int MAGIC = 0xFD2FB528;
    private static final int MAX_BLOCK_BYTES = 128 * 1024;
    private static final int BLOCK_HEADER_BYTES = 3;
    private static final int CHECKSUM_BYTES = 4;

    private final InputStream in;
    private final ZstdDecompressCtx context = new ZstdDecompressCtx();
    /** The current frame, compressed, as read so far. */
    private byte[] frame = new byte[64 * 1024];
    private int frameLength;
    /** Decompressed content of the current frame when it did not go straight to the reader. */
    private byte[] content = new byte[0];
    private int position;
    private int limit;
    private long frames;
    private InputStream streaming;
    private boolean ended;
    private boolean closed;

    FramedZstdInputStream(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("zstd frame reader is closed");
        }
        if (length == 0) {
            return 0;
        }
        while (position == limit) {
            if (streaming != null) {
                return streaming.read(buffer, offset, length);
            }
            if (ended) {
                return -1;
            }
            long size = nextFrame();
            if (size < 0) {
                continue; // end of input, or the rest goes to the streaming decoder
            }
            if (size == 0) {
                continue;
            }
            if (size <= length) {
                return decompress(buffer, offset, (int) size);
            }
            if (content.length < size) {
                content = new byte[(int) size];
            }
            limit = decompress(content, 0, (int) size);
            position = 0;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(content, position, buffer, offset, n);
        position += n;
        return n;
    }

    /**
     * Reads the next frame into {@link #frame} and returns its declared content size; -1 at the end of the input or
     * when the rest of the input was handed to the streaming decoder.
     */
    private long nextFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            ended = true;
            return -1;
        }
        frames++;
        frameLength = 0;
        append(first);
        readInto(3, "its magic number");
        int magic = (frame[0] & 0xff) | (frame[1] & 0xff) << 8 | (frame[2] & 0xff) << 16 | (frame[3] & 0xff) << 24;
        if (magic != MAGIC) {
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                return handOver();
            }
            throw new IOException("zstd frame " + frames + " does not start with the zstd magic number");
        }
        readInto(1, "its header");
        int descriptor = frame[4] & 0xff;
        if ((descriptor & 0x08) != 0) {
            throw new IOException("zstd frame " + frames + " sets the reserved bit of its header");
        }
        boolean singleSegment = (descriptor & 0x20) != 0;
        boolean checksum = (descriptor & 0x04) != 0;
        int dictionaryBytes = new int[] {0, 1, 2, 4}[descriptor & 0x03];
        int sizeFlag = descriptor >>> 6;
        int sizeBytes = sizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << sizeFlag;
        int headerRest = (singleSegment ? 0 : 1) + dictionaryBytes + sizeBytes;
        readInto(headerRest, "its header");
        if (sizeBytes == 0) {
            return handOver();
        }
        long size = 0;
        int sizeAt = frameLength - sizeBytes;
        for (int i = sizeBytes - 1; i >= 0; i--) {
            size = size << 8 | (frame[sizeAt + i] & 0xff);
        }
        if (sizeBytes == 2) {
            size += 256;
        }
        if (size < 0 || size > MAX_FRAME_BYTES || dictionaryBytes > 0) {
            return handOver();
        }
        boolean last;
        do {
            readInto(BLOCK_HEADER_BYTES, "a block header");
            int header = (frame[frameLength - 3] & 0xff) | (frame[frameLength - 2] & 0xff) << 8
                    | (frame[frameLength - 1] & 0xff) << 16;
            last = (header & 1) != 0;
            int type = header >>> 1 & 3;
            int blockSize = header >>> 3;
            if (type == 3) {
                throw new IOException("zstd frame " + frames + " has a block of the reserved type");
            }
            if (blockSize > MAX_BLOCK_BYTES) {
                throw new IOException("zstd frame " + frames + " has a block of " + blockSize
                        + " bytes, more than zstd allows");
            }
            readInto(type == 1 ? 1 : blockSize, "a block");
            if (frameLength > MAX_FRAME_BYTES + MAX_BLOCK_BYTES) {
                throw new IOException("zstd frame " + frames + " is larger than its declared content of " + size
                        + " bytes can be");
            }
        } while (!last);
        if (checksum) {
            readInto(CHECKSUM_BYTES, "its checksum");
        }
        return size;
    }

    /** Decompresses the frame read by {@link #nextFrame} into {@code target}; its declared size must fit. */
    private int decompress(byte[] target, int offset, int size) throws IOException {
        int n;
        try {
            n = context.decompressByteArray(target, offset, size, frame, 0, frameLength);
        } catch (ZstdException e) {
            throw new IOException("zstd frame " + frames + " does not decompress: " + e.getMessage(), e);
        }
        if (n != size) {
            throw new IOException("zstd frame " + frames + " decompressed to " + n + " bytes, its header says "
                    + size);
        }
        return n;
    }

    /** Gives the bytes read of the current frame and the rest of the input to zstd's streaming decoder. */
    private long handOver() throws IOException {
        // SequenceInputStream closes each stream it finishes; the input below must stay open for the caller, who
        // may still read (and check) what follows the compressed data
        InputStream rest = new FilterInputStream(in) {
            @Override
            public void close() {
                // closed by this stream's close()
            }
        };
        streaming = new ZstdInputStream(new SequenceInputStream(
                new ByteArrayInputStream(Arrays.copyOf(frame, frameLength)), rest));
        return -1;
    }

    private void append(int b) {
        ensure(1);
        frame[frameLength++] = (byte) b;
    }

    private void readInto(int count, String what) throws IOException {
        ensure(count);
        int n = in.readNBytes(frame, frameLength, count);
        frameLength += n;
        if (n < count) {
            throw new EOFException("zstd stream ends inside " + what + " of frame " + frames);
        }
    }

    private void ensure(int more) {
        if (frameLength + more > frame.length) {
            frame = Arrays.copyOf(frame, Math.max(frame.length * 2, frameLength + more));
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (InputStream below = in; InputStream decoder = streaming; ZstdDecompressCtx ignored = context) {
            // closing
        }
    }
}
