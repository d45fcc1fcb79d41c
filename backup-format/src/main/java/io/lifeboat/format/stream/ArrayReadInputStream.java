package io.lifeboat.format.stream;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that does its work on arrays: its single-byte {@link #read()} goes through
 * {@link #read(byte[], int, int)}, so that a subclass implements reading, checks and accounting in that one place.
 */
public abstract class ArrayReadInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;
}
