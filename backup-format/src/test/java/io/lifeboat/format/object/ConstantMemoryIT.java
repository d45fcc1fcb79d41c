package io.lifeboat.format.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.fixtures.GeneratedInputStream;
import io.lifeboat.format.fixtures.S3ProxyServer;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.S3Storage;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of megabytes through the writer and the reader in a JVM whose heap is far smaller than the data: any
 * buffer that grows with the object would end in an OutOfMemoryError. The pom runs this class alone in a surefire
 * execution with {@code -Xmx64m}; the first test refuses to pass with a bigger heap, so the proof cannot silently
 * disappear.
 */
class ConstantMemoryIT {

    private static final long HEAP_LIMIT = 80L * 1024 * 1024;

    @TempDir
    Path temp;

    @BeforeAll
    static void heapIsSmall() {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("run with -Xmx64m (see the constant-memory execution in backup-format/pom.xml)")
                .isLessThanOrEqualTo(HEAP_LIMIT);
    }

    @Test
    void threeHundredMegabytesThroughWriterAndReaderOnFilesystem() throws IOException {
        stream(new FilesystemStorage(temp), 300L * 1024 * 1024, "filesystem");
    }

    @Test
    void oneHundredMegabytesThroughWriterAndReaderOnS3() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer(temp.resolve("s3")); S3Storage s3 = server.storageBuilder()
                .partSize(S3Storage.DEFAULT_PART_SIZE).build()) {
            stream(s3, 100L * 1024 * 1024, "s3 (s3proxy filesystem store, 8 MiB parts)");
        }
    }

    private static void stream(Storage storage, long size, String what) throws IOException {
        DataKey dataKey = DataKey.generate();
        String key = "backups/base-backup/b-1/data/base.tar";
        long seed = 11;
        resetPeaks();

        long started = System.nanoTime();
        ManifestObject object = new ObjectWriter().write(storage, key, new GeneratedInputStream(size, seed), dataKey);
        long written = System.nanoTime();
        DigestingInputStream.Digest read;
        try (InputStream in = ObjectReader.open(storage, object, dataKey)) {
            read = DigestingInputStream.drain(in);
        }
        long finished = System.nanoTime();

        assertThat(object.plainBytes()).isEqualTo(size);
        assertThat(read).isEqualTo(new DigestingInputStream.Digest(size, GeneratedInputStream.sha256(size, seed)));
        assertThat(read.sha256()).isEqualTo(object.plainSha256());
        System.out.printf("constant memory, %s: %d MiB plaintext, %d MiB stored; write %.1f s (%.0f MiB/s),"
                        + " read+verify %.1f s (%.0f MiB/s); max heap %d MiB, peak heap used %d MiB%n", what,
                size >> 20, object.storedBytes() >> 20, (written - started) / 1e9,
                (size >> 20) / ((written - started) / 1e9), (finished - written) / 1e9,
                (size >> 20) / ((finished - written) / 1e9), Runtime.getRuntime().maxMemory() >> 20,
                peakHeapUsed() >> 20);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeapUsed() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
