package io.lifeboat.format.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source ahead on a thread of its own, in a fixed number of buffers handed over through a bounded queue,
 * so that whatever the source does per byte (storage I/O, hashing, decrypting, decompressing) runs in parallel with
 * what the reader of this stream does. Memory is constant: {@code buffers * bufferBytes}.
 *
 * <p>What the source throws is rethrown, as the same exception object, by the read that reaches that point of the
 * stream, and by every read after it. Everything the source's thread did before it handed a buffer over (or its
 * end, or its failure) is visible to the reader that takes it. {@link #close()} stops the thread and closes the
 * source.
 */
public final class ReadAheadInputStream extends ArrayReadInputStream {

    private static final long STOP_WAIT_MILLIS = 5_000;

    /** What the source's thread hands over: some bytes, the end, or the failure that ended it. */
    private record Handover(byte[] buffer, int length, Throwable failure) {
        static final Handover END = new Handover(null, 0, null);
    }

    private final InputStream source;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Handover> filled;
    private final Thread reader;
    private Handover current;
    private int position;
    private boolean ended;
    private Throwable failure;
    private volatile boolean closed;

    /**
     * Starts reading {@code source} ahead at once.
     *
     * @param threadName names the reading thread (shown in thread dumps)
     */
    public ReadAheadInputStream(InputStream source, int buffers, int bufferBytes, String threadName) {
        this.source = Objects.requireNonNull(source, "source");
        if (buffers < 2 || bufferBytes < 1) {
            throw new IllegalArgumentException("read-ahead needs at least 2 buffers of at least 1 byte, got "
                    + buffers + " of " + bufferBytes);
        }
        this.free = new ArrayBlockingQueue<>(buffers);
        this.filled = new ArrayBlockingQueue<>(buffers + 1);
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[bufferBytes]);
        }
        this.reader = new Thread(this::readAhead, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        try {
            while (!closed) {
                byte[] buffer = free.take();
                int length = 0;
                boolean end = false;
                Throwable failure = null;
                try {
                    while (length < buffer.length) {
                        int n = source.read(buffer, length, buffer.length - length);
                        if (n < 0) {
                            end = true;
                            break;
                        }
                        length += n;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
                if (length > 0) {
                    filled.put(new Handover(buffer, length, null));
                } else {
                    free.add(buffer);
                }
                if (failure != null) {
                    if (!closed) {
                        filled.put(new Handover(null, 0, failure));
                    }
                    return;
                }
                if (end) {
                    filled.put(Handover.END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed while waiting for a free buffer or for room: nobody reads any more
        }
    }

    /** Whether the reading thread is still running (for tests). */
    boolean readerAlive() {
        return reader.isAlive();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("read-ahead stream is closed");
        }
        if (length == 0) {
            return 0;
        }
        if (!next()) {
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        System.arraycopy(current.buffer(), position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Makes {@link #current} a buffer with bytes left; false at the end. */
    private boolean next() throws IOException {
        if (current != null && position < current.length()) {
            return true;
        }
        if (current != null) {
            free.add(current.buffer());
            current = null;
        }
        if (failure != null) {
            throw rethrow(failure);
        }
        if (ended) {
            return false;
        }
        Handover handover;
        try {
            handover = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the read-ahead thread");
        }
        if (handover.failure() != null) {
            failure = handover.failure();
            throw rethrow(failure);
        }
        if (handover == Handover.END) {
            ended = true;
            return false;
        }
        current = handover;
        position = 0;
        return true;
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        throw new UncheckedIOException(new IOException(t));
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length() - position;
    }

    /** Stops the reading thread (waiting a few seconds for a read in progress to return) and closes the source. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        try {
            reader.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
