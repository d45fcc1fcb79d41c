package io.lifeboat.format.stream;

import java.io.OutputStream;
import java.util.Objects;

/**
 * A first-in first-out byte buffer that a filter chain writes into and a reader drains. It grows only to the largest
 * burst written between two drains (for the object chain: one 1 MiB encrypted segment plus a compressed chunk), never
 * with the total size of the stream.
 */
final class ByteQueue extends OutputStream {

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int head;
    private int tail;

    @Override
    public void write(int b) {
        reserve(1);
        buffer[tail++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        reserve(length);
        System.arraycopy(bytes, offset, buffer, tail, length);
        tail += length;
    }

    /** Moves up to {@code length} queued bytes into {@code target}; returns how many were moved. */
    int poll(byte[] target, int offset, int length) {
        int n = Math.min(length, tail - head);
        System.arraycopy(buffer, head, target, offset, n);
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return n;
    }

    boolean isEmpty() {
        return head == tail;
    }

    /** Capacity of the backing array: the memory this queue holds. */
    int capacity() {
        return buffer.length;
    }

    void clear() {
        head = 0;
        tail = 0;
    }

    private void reserve(int length) {
        if (buffer.length - tail >= length) {
            return;
        }
        int queued = tail - head;
        if (buffer.length - queued >= length) {
            System.arraycopy(buffer, head, buffer, 0, queued);
        } else {
            int capacity = Math.max(buffer.length * 2, queued + length);
            byte[] grown = new byte[capacity];
            System.arraycopy(buffer, head, grown, 0, queued);
            buffer = grown;
        }
        head = 0;
        tail = queued;
    }

    @Override
    public String toString() {
        return "ByteQueue[" + (tail - head) + " of " + buffer.length + " bytes]";
    }
}
