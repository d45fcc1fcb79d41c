package io.lifeboat.format.object;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the first failure of the stream below it, so that a failure surfacing at the top of a filter chain can
 * be traced to its layer (storage, decryption, decompression).
 */
final class FailureTaggingInputStream extends FilterInputStream {

    private Exception failure;

    FailureTaggingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            tag(e);
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            tag(e);
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException | RuntimeException e) {
            tag(e);
            throw e;
        }
    }

    private void tag(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    Exception failure() {
        return failure;
    }
}
