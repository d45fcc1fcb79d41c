package io.lifeboat.restore.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.restore.copy.DestinationFailure;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base backup's tar stream unpacked by tar(1): what fails decides whether another copy is tried. The plaintext
 * failing to read is the copy's problem (an IOException); the data directory failing under tar is the destination's
 * (a DestinationFailure, no other copy would fare better).
 */
class BaseBackupUnpackerTest {

    @TempDir
    static Path dir;
    private static byte[] tar;

    /** A tar of 8 files of 1 MiB each (random, so nothing is small), made by tar(1) itself. */
    @BeforeAll
    static void makeTar() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/base"));
        Random random = new Random(8);
        for (int i = 0; i < 8; i++) {
            byte[] data = new byte[1024 * 1024];
            random.nextBytes(data);
            Files.write(source.resolve("file" + i), data);
        }
        Path file = dir.resolve("base.tar");
        Process p = new ProcessBuilder("tar", "-cf", file.toString(), "-C", source.toString(), ".").inheritIO()
                .start();
        assertThat(p.waitFor()).isZero();
        tar = Files.readAllBytes(file);
    }

    @Test
    void aTarStreamIsUnpackedIntoTheDataDirectory() throws Exception {
        Path dataDir = dir.resolve("unpacked");
        new BaseBackupUnpacker(dataDir).write(null, new ByteArrayInputStream(tar));

        for (int i = 0; i < 8; i++) {
            assertThat(dataDir.resolve("file" + i)).hasSameBinaryContentAs(dir.resolve("source/base/file" + i));
        }
    }

    @Test
    void aDataDirectoryThatFailsUnderTarIsTheDestinationsFailure() throws Exception {
        Path dataDir = dir.resolve("vanishing");
        InputStream removesTheDirectoryAfterTheFirstMebibyte = tarStriking(1024 * 1024, () -> {
            if (Files.isDirectory(dataDir)) {
                // the directory tar is writing into is gone and a file stands in its place
                try (var files = Files.list(dataDir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dataDir);
                Files.writeString(dataDir, "not a directory");
            }
        });

        assertThatThrownBy(() -> new BaseBackupUnpacker(dataDir).write(null, removesTheDirectoryAfterTheFirstMebibyte))
                .isInstanceOf(DestinationFailure.class)
                .hasMessageContaining("the base backup into '" + dataDir + "'");
    }

    @Test
    void aPlaintextThatFailsToReadIsTheCopysFailureAndTarIsStopped() throws Exception {
        Path dataDir = dir.resolve("cut-short");
        InputStream failsAfterTwoMebibytes = tarStriking(2 * 1024 * 1024, () -> {
            throw new IOException("segment 3 does not authenticate");
        });

        assertThatThrownBy(() -> new BaseBackupUnpacker(dataDir).write(null, failsAfterTwoMebibytes))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("segment 3 does not authenticate");
        assertThat(ProcessHandle.current().children().filter(c -> c.info().command().orElse("").endsWith("tar"))
                .filter(ProcessHandle::isAlive).toList()).as("no tar left running").isEmpty();
    }

    /** What happens once the reader has had {@code afterBytes} bytes of the tar. */
    @FunctionalInterface
    private interface Fault {
        void strike() throws IOException;
    }

    private static InputStream tarStriking(long afterBytes, Fault fault) {
        return new FilterInputStream(new ByteArrayInputStream(tar)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= afterBytes) {
                    fault.strike();
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
    }
}
