package io.lifeboat.format.object;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramedZstdTest {

    private static final int FRAME = FramedZstdOutputStream.FRAME_BYTES;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, FRAME - 1, FRAME, FRAME + 1, 3 * FRAME + FRAME / 2})
    void whatIsWrittenInFramesReadsBackWhateverTheReadersBufferSize(int size) throws IOException {
        byte[] plaintext = text(size, 7);
        byte[] stream = framed(plaintext);

        for (int buffer : new int[] {1, 1000, FRAME, 2 * FRAME + 3}) {
            assertThat(readAll(new FramedZstdInputStream(new ByteArrayInputStream(stream)), buffer))
                    .as("read with a %d-byte buffer", buffer).isEqualTo(plaintext);
        }
    }

    @Test
    void framesAreIndependentDeclareTheirSizeAndAreOneStreamForAnyZstdDecoder() throws IOException {
        byte[] plaintext = text(2 * FRAME + 5, 11);
        byte[] stream = framed(plaintext);

        assertThat(Zstd.getFrameContentSize(stream)).isEqualTo(FRAME);
        long first = Zstd.findFrameCompressedSize(stream);
        byte[] second = Arrays.copyOfRange(stream, (int) first, stream.length);
        assertThat(Zstd.getFrameContentSize(second)).isEqualTo(FRAME);
        byte[] third = Arrays.copyOfRange(second, (int) Zstd.findFrameCompressedSize(second), second.length);
        assertThat(Zstd.getFrameContentSize(third)).isEqualTo(5);
        assertThat(third.length).isEqualTo(Zstd.findFrameCompressedSize(third));
        assertThat(readAll(new ZstdInputStream(new ByteArrayInputStream(stream)), 4096)).isEqualTo(plaintext);
    }

    @Test
    void anEmptyInputIsOneEmptyFrame() throws IOException {
        byte[] stream = framed(new byte[0]);

        assertThat(Zstd.getFrameContentSize(stream)).isZero();
        assertThat(Zstd.findFrameCompressedSize(stream)).isEqualTo(stream.length);
    }

    @Test
    void aStreamWrittenByAStreamingCompressorIsStillRead() throws IOException {
        // objects written before frames: one frame of unknown size
        byte[] plaintext = text(3 * FRAME, 3);
        ByteArrayOutputStream legacy = new ByteArrayOutputStream();
        try (ZstdOutputStream out = new ZstdOutputStream(legacy, 3)) {
            out.setChecksum(true);
            out.write(plaintext);
        }

        assertThat(readAll(new FramedZstdInputStream(new ByteArrayInputStream(legacy.toByteArray())), 64 * 1024))
                .isEqualTo(plaintext);
    }

    @Test
    void aFrameDeclaringMoreThanTheOneCallLimitGoesToTheStreamingDecoder() throws IOException {
        byte[] plaintext = text(FramedZstdInputStream.MAX_FRAME_BYTES + 1, 5);
        byte[] big = Zstd.compress(plaintext, 1);
        assertThat(Zstd.getFrameContentSize(big)).isEqualTo(plaintext.length);

        assertThat(readAll(new FramedZstdInputStream(new ByteArrayInputStream(big)), 64 * 1024))
                .isEqualTo(plaintext);
    }

    @Test
    void aFlippedBitInsideTheSecondFrameIsReportedForThatFrame() throws IOException {
        byte[] stream = framed(random(2 * FRAME));
        int second = (int) Zstd.findFrameCompressedSize(stream);
        stream[second + 1000] ^= 0x10;

        assertThatThrownBy(() -> readAll(new FramedZstdInputStream(new ByteArrayInputStream(stream)), 8192))
                .isInstanceOf(IOException.class).hasMessageStartingWith("zstd frame 2 ");
    }

    @Test
    void aBlockOfTheReservedTypeIsReportedForItsFrame() throws IOException {
        byte[] stream = framed(text(2 * FRAME, 8));
        int second = (int) Zstd.findFrameCompressedSize(stream);
        int descriptor = stream[second + 4] & 0xff;
        assertThat(descriptor >>> 6).as("content size declared in 4 bytes").isEqualTo(2);
        int window = (descriptor & 0x20) != 0 ? 0 : 1;
        stream[second + 4 + 1 + window + 4] |= 0b110; // first block header (after magic, descriptor, size): type 3

        assertThatThrownBy(() -> readAll(new FramedZstdInputStream(new ByteArrayInputStream(stream)), 8192))
                .isInstanceOf(IOException.class)
                .hasMessage("zstd frame 2 has a block of the reserved type");
    }

    @Test
    void aDamagedContentChecksumIsReported() throws IOException {
        byte[] stream = framed(text(1000, 1));
        stream[stream.length - 1] ^= 0x01;

        assertThatThrownBy(() -> readAll(new FramedZstdInputStream(new ByteArrayInputStream(stream)), 8192))
                .isInstanceOf(IOException.class).hasMessageContaining("zstd frame 1 does not decompress");
    }

    @Test
    void aStreamThatEndsInsideAFrameIsAnEndOfFileNamingTheFrame() throws IOException {
        byte[] stream = framed(text(2 * FRAME, 2));
        byte[] cut = Arrays.copyOf(stream, stream.length - 10);

        assertThatThrownBy(() -> readAll(new FramedZstdInputStream(new ByteArrayInputStream(cut)), 8192))
                .isInstanceOf(EOFException.class).hasMessageEndingWith("of frame 2");
    }

    @Test
    void bytesAfterTheLastFrameThatAreNotAFrameAreAnError() throws IOException {
        byte[] stream = framed(text(100, 4));
        byte[] trailing = Arrays.copyOf(stream, stream.length + 8);

        assertThatThrownBy(() -> readAll(new FramedZstdInputStream(new ByteArrayInputStream(trailing)), 8192))
                .isInstanceOf(IOException.class)
                .hasMessage("zstd frame 2 does not start with the zstd magic number");
    }

    private static byte[] framed(byte[] plaintext) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FramedZstdOutputStream framed = new FramedZstdOutputStream(out, 3)) {
            // uneven writes, so frames are filled across calls
            for (int offset = 0; offset < plaintext.length; ) {
                int n = Math.min(plaintext.length - offset, 300_001);
                framed.write(plaintext, offset, n);
                offset += n;
            }
        }
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in, int bufferBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            byte[] buffer = new byte[bufferBytes];
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static byte[] text(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(size + 64);
        while (text.length() < size) {
            text.append(random.nextInt(1_000_000)).append(",tenant-").append(random.nextInt(500))
                    .append(",call completed\n");
        }
        return Arrays.copyOf(text.toString().getBytes(US_ASCII), size);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(9).nextBytes(bytes);
        return bytes;
    }
}
