package io.lifeboat.format.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Pulls a source through an output-side filter chain (compress, then encrypt) on the reading thread and yields what
 * comes out of the chain's end. Each read that finds nothing queued takes one chunk from the source, writes it into
 * the chain and hands out what the chain emitted; at the source's end the chain is closed so it writes its trailers.
 *
 * <p>Why not a pipe and a second thread: with one thread a failure on either side is an exception on the only
 * thread, so nothing can hang waiting for a peer that died, and memory stays at one chunk plus the largest burst the
 * chain emits at once (see {@link ByteQueue}).
 *
 * <p>Closing this stream releases the chain; the source belongs to the caller and is not closed. After a failure the
 * stream stays failed: {@link #failure()} tells what failed and {@link #sourceFailed()} whether it was the source.
 */
public final class EncodingInputStream extends ArrayReadInputStream {

    /** Builds the filter chain on top of the sink that collects its output; returns the chain's head. */
    @FunctionalInterface
    public interface Chain {
        OutputStream wrap(OutputStream sink) throws IOException;
    }

    private static final int CHUNK_BYTES = 64 * 1024;

    private final InputStream source;
    private final ByteQueue queue = new ByteQueue();
    private final OutputStream head;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private boolean sourceDone;
    private boolean closed;
    private boolean sourceFailed;
    private Exception failure;
    private int peakQueueBytes;

    public EncodingInputStream(InputStream source, Chain chain) throws IOException {
        this.source = Objects.requireNonNull(source, "source");
        this.head = Objects.requireNonNull(chain.wrap(queue), "chain head");
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (closed) {
            throw new IOException("encoding stream is closed");
        }
        if (failure != null) {
            throw new IOException("encoding stream failed earlier: " + failure.getMessage(), failure);
        }
        if (length == 0) {
            return 0;
        }
        while (queue.isEmpty()) {
            if (sourceDone) {
                return -1;
            }
            pump();
        }
        return queue.poll(target, offset, length);
    }

    private void pump() throws IOException {
        int n;
        try {
            n = source.read(chunk, 0, chunk.length);
        } catch (IOException | RuntimeException e) {
            sourceFailed = true;
            failure = e;
            throw e;
        }
        try {
            if (n < 0) {
                sourceDone = true;
                head.close();
            } else if (n > 0) {
                head.write(chunk, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
        peakQueueBytes = Math.max(peakQueueBytes, queue.capacity());
    }

    /** True once the source was read to its end, the chain closed and everything it emitted was read. */
    public boolean isComplete() {
        return sourceDone && queue.isEmpty() && failure == null;
    }

    /** What made this stream fail (from the source or the chain), or null. */
    public Exception failure() {
        return failure;
    }

    /** Whether {@link #failure()} came from reading the source rather than from the chain. */
    public boolean sourceFailed() {
        return sourceFailed;
    }

    /** The most memory the output queue held at once, in bytes: bounded by the chain, not by the stream's size. */
    public int peakQueueBytes() {
        return peakQueueBytes;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!sourceDone) {
            // releases native and cipher state; whatever the chain still writes is discarded with the queue
            try {
                head.close();
            } catch (IOException | RuntimeException ignored) {
                // the stream is being abandoned after a failure or an early close; the first error was reported
            }
        }
        queue.clear();
    }
}
