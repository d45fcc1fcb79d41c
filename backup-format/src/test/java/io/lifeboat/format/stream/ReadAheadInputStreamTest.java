package io.lifeboat.format.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadAheadInputStreamTest {

    private static final int BUFFER = 1000;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BUFFER - 1, BUFFER, BUFFER + 1, 4 * BUFFER, 37 * BUFFER + 17})
    void passesEveryByteThroughInOrder(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random reads = new Random(7);

        try (ReadAheadInputStream in = new ReadAheadInputStream(new TrickleInputStream(data), 3, BUFFER, "t")) {
            byte[] chunk = new byte[3 * BUFFER];
            for (int n; (n = in.read(chunk, 0, 1 + reads.nextInt(chunk.length))) >= 0; ) {
                out.write(chunk, 0, n);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void theSourcesFailureArrivesAfterTheBytesBeforeItAndStays() {
        IOException broken = new IOException("storage went away");
        byte[] data = new byte[2 * BUFFER + 500];
        new Random(1).nextBytes(data);
        InputStream failing = new InputStream() {
            final InputStream good = new TrickleInputStream(data);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = good.read(b, off, len);
                if (n < 0) {
                    throw broken;
                }
                return n;
            }
        };
        ReadAheadInputStream in = new ReadAheadInputStream(failing, 2, BUFFER, "t");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[300];

        assertThatThrownBy(() -> {
            for (int n; (n = in.read(chunk, 0, chunk.length)) >= 0; ) {
                out.write(chunk, 0, n);
            }
        }).isSameAs(broken);
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThatThrownBy(() -> in.read(chunk, 0, 1)).isSameAs(broken);
    }

    @Test
    void aRuntimeFailureOfTheSourceIsRethrownAsItIs() {
        IllegalStateException decodeFailure = new IllegalStateException("tag mismatch");
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw decodeFailure;
            }
        };

        try (ReadAheadInputStream in = new ReadAheadInputStream(failing, 2, BUFFER, "t")) {
            assertThatThrownBy(in::read).isSameAs(decodeFailure);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void closeStopsTheThreadWhileItWaitsForRoomAndClosesTheSource() throws Exception {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }

            @Override
            public void close() {
                sourceClosed.set(true);
            }
        };
        ReadAheadInputStream in = new ReadAheadInputStream(endless, 2, BUFFER, "t");
        assertThat(in.read()).isEqualTo('x');

        in.close();

        assertThat(in.readerAlive()).isFalse();
        assertThat(sourceClosed).isTrue();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void refusesFewerThanTwoBuffers() {
        assertThatThrownBy(() -> new ReadAheadInputStream(new ByteArrayInputStream(new byte[1]), 1, BUFFER, "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 buffers");
    }

    /** Hands out at most 123 bytes per read, as a network stream might. */
    private static final class TrickleInputStream extends InputStream {
        private final ByteArrayInputStream in;

        TrickleInputStream(byte[] data) {
            this.in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 123));
        }
    }
}
