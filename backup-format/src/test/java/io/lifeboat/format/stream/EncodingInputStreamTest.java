package io.lifeboat.format.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.fixtures.GeneratedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EncodingInputStreamTest {

    @Test
    void identityChainYieldsTheSourceAndCompletes() throws IOException {
        try (EncodingInputStream in = new EncodingInputStream(new GeneratedInputStream(3_000_000, 1), sink -> sink)) {
            assertThat(DigestingInputStream.drain(new FilterInputStream(in) {
                @Override
                public void close() {
                }
            }).sha256()).isEqualTo(GeneratedInputStream.sha256(3_000_000, 1));
            assertThat(in.isComplete()).isTrue();
        }
    }

    @Test
    void memoryStaysAtOneSegmentWhateverTheSize() throws IOException {
        DataKey key = DataKey.generate();
        int smallPeak = peakFor(8L * 1024 * 1024, key);
        int largePeak = peakFor(96L * 1024 * 1024, key);

        assertThat(largePeak).isLessThanOrEqualTo(4 * 1024 * 1024).isEqualTo(smallPeak);
    }

    private static int peakFor(long size, DataKey key) throws IOException {
        try (EncodingInputStream in = new EncodingInputStream(new GeneratedInputStream(size, 2),
                sink -> new ZstdOutputStream(key.encryptingStream(sink, new byte[0]), 1))) {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // drain
            }
            assertThat(in.isComplete()).isTrue();
            return in.peakQueueBytes();
        }
    }

    @Test
    void sourceFailureIsRecordedAsSuchAndSticks() throws IOException {
        IOException broken = new IOException("source broke");
        InputStream source = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        };
        try (EncodingInputStream in = new EncodingInputStream(source, sink -> sink)) {
            assertThatThrownBy(in::read).isSameAs(broken);
            assertThat(in.sourceFailed()).isTrue();
            assertThat(in.failure()).isSameAs(broken);
            assertThat(in.isComplete()).isFalse();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasCause(broken);
        }
    }

    @Test
    void chainFailureIsNotASourceFailure() throws IOException {
        try (EncodingInputStream in = new EncodingInputStream(new ByteArrayInputStream(new byte[10]),
                sink -> new FilterOutputStream(sink) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        throw new IOException("cipher broke");
                    }
                })) {
            assertThatThrownBy(in::read).hasMessage("cipher broke");
            assertThat(in.sourceFailed()).isFalse();
        }
    }

    @Test
    void closingReleasesTheChainButNotTheSource() throws IOException {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        AtomicBoolean chainClosed = new AtomicBoolean();
        InputStream source = new FilterInputStream(new GeneratedInputStream(1_000_000, 3)) {
            @Override
            public void close() {
                sourceClosed.set(true);
            }
        };
        EncodingInputStream in = new EncodingInputStream(source, sink -> new FilterOutputStream(sink) {
            @Override
            public void close() throws IOException {
                chainClosed.set(true);
                super.close();
            }
        });
        in.read(new byte[100]);

        in.close();

        assertThat(chainClosed).isTrue();
        assertThat(sourceClosed).isFalse();
        assertThatThrownBy(in::read).hasMessageContaining("closed");
    }
}
