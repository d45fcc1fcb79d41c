package io.lifeboat.format.object;

/**
 * {@link TamperTest}'s cases on objects large enough to be decoded in stages on their own threads (storage read and
 * stored SHA-256; decryption and decompression; plaintext SHA-256): every failure must still surface, with the same
 * outcome, to the reader.
 */
class PipelinedTamperTest extends TamperTest {

    @Override
    long size() {
        return 12L * 1024 * 1024 + 12345;
    }

    @Override
    boolean pipelined() {
        return true;
    }
}
