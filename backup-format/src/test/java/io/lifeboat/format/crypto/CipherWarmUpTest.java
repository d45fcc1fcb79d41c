package io.lifeboat.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CipherWarmUpTest {

    @Test
    void theWarmUpDecryptsWhatItEncryptedWhole() throws Exception {
        assertThat(CipherWarmUp.run()).isEqualTo((long) CipherWarmUp.SEGMENT_BYTES * CipherWarmUp.SEGMENTS - 1000);
    }

    @Test
    void itRunsOnOneBackgroundThreadHoweverOftenItIsStarted() {
        CipherWarmUp.inBackground();
        CipherWarmUp.inBackground();
        CipherWarmUp.inBackground();

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("cipher-warm-up"))
                .singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
    }
}
