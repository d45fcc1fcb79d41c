package io.lifeboat.format.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.fixtures.GeneratedInputStream;
import io.lifeboat.format.storage.StorageException.Reason;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Storage} driver promises. A driver's test extends this class and says how to make an empty
 * location and an unreachable one.
 */
abstract class StorageContract {

    static final long LARGE_OBJECT_BYTES = 40L * 1024 * 1024;

    protected Storage storage;

    /** A fresh, empty location. */
    protected abstract Storage newStorage() throws Exception;

    /** A location that cannot be reached or used at all. */
    protected abstract Storage unreachableStorage() throws Exception;

    /** Source bytes a put must have read before the driver has stored parts of the object somewhere. */
    protected long bytesBeforePartsAreStored() {
        return 12L * 1024 * 1024;
    }

    @BeforeEach
    void createStorage() throws Exception {
        storage = newStorage();
    }

    @Test
    void putThenOpenReturnsTheSameBytes() throws IOException {
        byte[] data = "the quick brown fox".getBytes(UTF_8);

        long stored = storage.put("a/b/object", new ByteArrayInputStream(data));

        assertThat(stored).isEqualTo(data.length);
        assertThat(read("a/b/object")).isEqualTo(data);
    }

    @Test
    void putIfAbsentCreatesAnObjectOnlyOnce() throws IOException {
        assertThat(storage.putIfAbsent("locks/slot-1", new ByteArrayInputStream("first".getBytes(UTF_8)))).isTrue();
        assertThat(storage.putIfAbsent("locks/slot-1", new ByteArrayInputStream("second".getBytes(UTF_8))))
                .isFalse();
        assertThat(read("locks/slot-1")).isEqualTo("first".getBytes(UTF_8));
        assertThat(storage.list("locks/")).containsExactly("locks/slot-1");
    }

    @Test
    void emptyObjectRoundTrips() throws IOException {
        assertThat(storage.put("empty", InputStream.nullInputStream())).isZero();

        assertThat(storage.exists("empty")).isTrue();
        assertThat(storage.size("empty")).isZero();
        assertThat(read("empty")).isEmpty();
    }

    @Test
    void overwriteReplacesTheObjectWholeAndReadersSeeTheOldOneUntilThen() throws IOException {
        storage.put("k", new ByteArrayInputStream("old".getBytes(UTF_8)));
        List<String> seenDuringPut = new ArrayList<>();
        InputStream newVersion = onceAfter(new GeneratedInputStream(bytesBeforePartsAreStored() + 1_000_000, 1),
                bytesBeforePartsAreStored(), () -> seenDuringPut.add(readString("k")));

        storage.put("k", newVersion);

        assertThat(seenDuringPut).containsExactly("old");
        assertThat(sha256("k")).isEqualTo(GeneratedInputStream.sha256(bytesBeforePartsAreStored() + 1_000_000, 1));
        assertThat(storage.list("")).containsExactly("k");
    }

    @Test
    void failedOverwriteLeavesTheOldObjectAndNothingPartial() throws IOException {
        storage.put("dir/k", new ByteArrayInputStream("old".getBytes(UTF_8)));
        List<String> seenDuringPut = new ArrayList<>();
        InputStream broken = onceAfter(new GeneratedInputStream(100L * 1024 * 1024, 2), bytesBeforePartsAreStored(),
                () -> {
                    seenDuringPut.add(readString("dir/k"));
                    throw new UncheckedIOException(new IOException("source broke"));
                });

        assertThatThrownBy(() -> storage.put("dir/k", broken)).isInstanceOf(RuntimeException.class);

        assertThat(seenDuringPut).containsExactly("old");
        assertThat(readString("dir/k")).isEqualTo("old");
        assertThat(storage.size("dir/k")).isEqualTo(3);
        assertThat(storage.list("")).containsExactly("dir/k");
    }

    @Test
    void sourceFailingWithAnIoExceptionFailsThePutAndStoresNothing() {
        InputStream broken = new FilterInputStream(new GeneratedInputStream(100L * 1024 * 1024, 3)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > bytesBeforePartsAreStored()) {
                    throw new IOException("disk gone");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> storage.put("new", broken)).isInstanceOf(StorageException.class)
                .hasMessageContaining("'new'");

        assertThat(storage.exists("new")).isFalse();
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void listReturnsKeysUnderThePrefixSorted() throws IOException {
        for (String key : List.of("a/b/2", "a/b/10", "a/c", "ab", "a/b/1", "b/a")) {
            storage.put(key, new ByteArrayInputStream(key.getBytes(UTF_8)));
        }

        assertThat(storage.list("a/b/")).containsExactly("a/b/1", "a/b/10", "a/b/2");
        assertThat(storage.list("a/")).containsExactly("a/b/1", "a/b/10", "a/b/2", "a/c");
        assertThat(storage.list("a")).containsExactly("a/b/1", "a/b/10", "a/b/2", "a/c", "ab");
        assertThat(storage.list("")).containsExactly("a/b/1", "a/b/10", "a/b/2", "a/c", "ab", "b/a");
        assertThat(storage.list("zzz/")).isEmpty();
    }

    @Test
    void existsSizeAndDelete() throws IOException {
        assertThat(storage.exists("x/y")).isFalse();

        storage.put("x/y", new ByteArrayInputStream(new byte[1234]));

        assertThat(storage.exists("x/y")).isTrue();
        assertThat(storage.size("x/y")).isEqualTo(1234);

        storage.delete("x/y");

        assertThat(storage.exists("x/y")).isFalse();
        assertThat(storage.list("x/")).isEmpty();
        storage.delete("x/y");
    }

    @Test
    void missingObjectIsNotFound() {
        assertThatThrownBy(() -> storage.open("no/such")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(e.reason().isTransient()).isFalse();
            assertThat(e.getMessage()).contains("'no/such'").contains(storage.describe());
        });
        assertThatThrownBy(() -> storage.size("no/such")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void keysThatEscapeTheLocationAreRefused() {
        for (String key : List.of("../x", "/abs", "a/../../b", "a\\b", " ")) {
            assertThatThrownBy(() -> storage.put(key, InputStream.nullInputStream()))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
        }
    }

    @Test
    void largeObjectStreamsThroughInParts() throws IOException {
        long stored = storage.put("large", new GeneratedInputStream(LARGE_OBJECT_BYTES, 42));

        assertThat(stored).isEqualTo(LARGE_OBJECT_BYTES);
        assertThat(storage.size("large")).isEqualTo(LARGE_OBJECT_BYTES);
        assertThat(sha256("large")).isEqualTo(GeneratedInputStream.sha256(LARGE_OBJECT_BYTES, 42));
    }

    @Test
    void listObjectsGivesSizesAndAVersionThatChangesWhenAnObjectIsReplaced() throws IOException {
        storage.put("m/b", new ByteArrayInputStream("bbbb".getBytes(UTF_8)));
        storage.put("m/a", new ByteArrayInputStream("a".getBytes(UTF_8)));
        storage.put("n/c", new ByteArrayInputStream("c".getBytes(UTF_8)));

        List<ListedObject> listed = storage.listObjects("m/");

        assertThat(listed).extracting(ListedObject::key).containsExactly("m/a", "m/b");
        assertThat(listed).extracting(ListedObject::size).containsExactly(1L, 4L);
        assertThat(listed).allSatisfy(o -> assertThat(o.version()).isNotEmpty());
        assertThat(storage.listObjects("m/")).as("nothing changed, nothing differs").isEqualTo(listed);
        assertThat(storage.listObjects("")).extracting(ListedObject::key).containsExactly("m/a", "m/b", "n/c");

        storage.put("m/a", new ByteArrayInputStream("replaced".getBytes(UTF_8)));

        List<ListedObject> after = storage.listObjects("m/");
        assertThat(after.get(0).key()).isEqualTo("m/a");
        assertThat(after.get(0).size()).isEqualTo(8);
        assertThat(after.get(0).version()).as("the replaced object's version").isNotEmpty()
                .isNotEqualTo(listed.get(0).version());
        assertThat(after.get(1)).as("the other object is untouched").isEqualTo(listed.get(1));
        assertThat(storage.listObjects("zzz/")).isEmpty();
    }

    @Test
    void unreachableLocationIsUnavailable() throws Exception {
        Storage unreachable = unreachableStorage();

        for (StorageCall call : List.<StorageCall>of(
                s -> s.put("k", new ByteArrayInputStream(new byte[10])),
                s -> s.open("k"),
                s -> s.exists("k"),
                s -> s.size("k"),
                s -> s.list(""),
                s -> s.listObjects(""),
                s -> {
                    s.delete("k");
                    return null;
                })) {
            assertThatThrownBy(() -> call.apply(unreachable)).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                assertThat(e.reason().isTransient()).isTrue();
                assertThat(e.getMessage()).contains(unreachable.describe());
            });
        }
    }

    @FunctionalInterface
    interface StorageCall {
        Object apply(Storage storage) throws Exception;
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        }
    }

    protected String readString(String key) {
        try {
            return new String(read(key), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String sha256(String key) throws IOException {
        return DigestingInputStream.drain(storage.open(key)).sha256();
    }

    /** Runs {@code action} once, when {@code threshold} bytes of {@code in} have been read. */
    static InputStream onceAfter(InputStream in, long threshold, Runnable action) {
        return new FilterInputStream(in) {
            private long read;
            private boolean done;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!done && read >= threshold) {
                    done = true;
                    action.run();
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
    }
}
