package io.lifeboat.format.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.manifest.TableFingerprint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against real archives: {@code typed-values.dump} was written by {@code pg_dump -Fc -Z0 -E UTF8} 15 (archive 1.14)
 * with the fingerprint session settings, from a database with every kind of value whose text depends on settings,
 * an empty table, a quoted schema and table name, a generated and a dropped column and two partitions; the
 * expected fingerprints are the ones {@link TableFingerprints} computed from the live tables of that database.
 */
class DumpArchiveScannerTest {

    static final Map<String, TableFingerprint> LIVE = Map.of(
            "Odd Schema.we\"ird", new TableFingerprint(1, "cf95a7c9db84f796"),
            "public.dropped", new TableFingerprint(1, "586e96545c731a41"),
            "public.empty_t", new TableFingerprint(0, "0000000000000000"),
            "public.gen", new TableFingerprint(2, "5489ec16ac844eaa"),
            "public.part_1", new TableFingerprint(1, "4c7ac62772a7a32e"),
            "public.part_2", new TableFingerprint(1, "e3832c4ff294b710"),
            "public.t1", new TableFingerprint(3, "5da79a05bce72a9e"));

    @Test
    void everyTablesFingerprintEqualsTheLiveOneWhateverTheChunking() throws IOException {
        byte[] archive = resource("typed-values.dump");
        for (int step : new int[] {1, 2, 7, 100, 4096, archive.length}) {
            DumpArchiveScanner f = new DumpArchiveScanner();
            for (int i = 0; i < archive.length; i += step) {
                f.update(archive, i, Math.min(step, archive.length - i));
            }
            assertThat(f.finish()).as("in pieces of %d bytes", step).isEqualTo(LIVE);
        }
    }

    @Test
    void aStreamingScannerHandsOverTheTableOfContentsAndEveryTablesCopyTextWhateverTheChunking()
            throws IOException {
        byte[] archive = resource("typed-values.dump");
        for (int step : new int[] {1, 3, 100, 4096, archive.length}) {
            List<String> events = new ArrayList<>();
            Map<String, CopyTextFingerprint> text = new java.util.TreeMap<>();
            long[] tocLength = {-1};
            List<DumpArchiveScanner.TocEntry> toc = new ArrayList<>();
            DumpArchiveScanner scanner = DumpArchiveScanner.streaming(new DumpArchiveScanner.DataListener() {
                private String current;

                @Override
                public void tableOfContents(List<DumpArchiveScanner.TocEntry> entries, long length) {
                    assertThat(events).as("before any data").isEmpty();
                    toc.addAll(entries);
                    tocLength[0] = length;
                }

                @Override
                public void tableDataStarts(DumpArchiveScanner.TocEntry entry) {
                    assertThat(current).as("one table at a time").isNull();
                    current = entry.name();
                    events.add("start " + current);
                    text.put(current, new CopyTextFingerprint());
                }

                @Override
                public void tableData(byte[] data, int off, int len) {
                    assertThat(current).as("data inside a table's block").isNotNull();
                    text.get(current).update(data, off, len);
                }

                @Override
                public void tableDataEnds(DumpArchiveScanner.TocEntry entry) {
                    assertThat(entry.name()).isEqualTo(current);
                    events.add("end " + current);
                    current = null;
                }
            });
            for (int i = 0; i < archive.length; i += step) {
                scanner.update(archive, i, Math.min(step, archive.length - i));
            }
            scanner.finish();

            Map<String, TableFingerprint> fromText = new java.util.TreeMap<>();
            text.forEach((table, fp) -> fromText.put(table, fp.result()));
            assertThat(fromText).as("in pieces of %d bytes", step).isEqualTo(LIVE);
            assertThat(events).hasSize(2 * LIVE.size());
            assertThat(tocLength[0]).isPositive().isLessThan(archive.length);
            DumpArchiveScanner.TocEntry t1 = toc.stream().filter(e -> e.description().equals("TABLE DATA")
                    && e.name().equals("public.t1")).findFirst().orElseThrow();
            assertThat(t1.section()).isEqualTo(DumpArchiveScanner.Section.DATA);
            assertThat(t1.hasData()).isTrue();
            assertThat(t1.copyStatement()).startsWith("COPY public.t1 (").endsWith("FROM stdin;\n");
            assertThat(toc).filteredOn(e -> e.description().equals("TABLE"))
                    .allMatch(e -> e.section() == DumpArchiveScanner.Section.PRE_DATA && !e.hasData());
            assertThat(toc).filteredOn(e -> e.description().equals("ENCODING")).singleElement()
                    .satisfies(e -> assertThat(e.definition()).contains("'UTF8'"));
        }
    }

    @Test
    void watchingAStreamPassesItsBytesThroughUnchanged() throws IOException {
        byte[] archive = resource("typed-values.dump");
        DumpArchiveScanner f = new DumpArchiveScanner();

        try (InputStream in = f.watch(new ByteArrayInputStream(archive))) {
            assertThat(in.readAllBytes()).isEqualTo(archive);
        }
        assertThat(f.finish()).isEqualTo(LIVE);
    }

    @Test
    void anAlteredValueChangesOnlyItsTablesFingerprint() throws IOException {
        byte[] archive = resource("typed-values.dump");
        int at = indexOf(archive, "1e+300".getBytes(StandardCharsets.US_ASCII));
        archive[at] = '2';

        Map<String, TableFingerprint> altered = fingerprints(archive);

        assertThat(altered.get("public.t1").rows()).isEqualTo(3);
        assertThat(altered.get("public.t1")).isNotEqualTo(LIVE.get("public.t1"));
        assertThat(altered).hasSameSizeAs(LIVE);
        LIVE.keySet().stream().filter(t -> !t.equals("public.t1"))
                .forEach(t -> assertThat(altered.get(t)).as(t).isEqualTo(LIVE.get(t)));
    }

    @Test
    void dataOffsetsWrittenIntoTheArchiveLetPgRestoreSeekToATablesData(@TempDir Path temp) throws Exception {
        byte[] archive = resource("typed-values.dump");
        DumpArchiveScanner structure = DumpArchiveScanner.structureOnly();
        structure.update(archive, 0, archive.length);
        assertThat(structure.finish()).isEmpty();
        DumpDataOffsets offsets = structure.dataOffsets();
        Path file = temp.resolve("patched.dump");
        Files.write(file, archive);

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            offsets.writeInto(channel);
        }

        byte[] patched = Files.readAllBytes(file);
        assertThat(offsets.fields()).hasSize(LIVE.size());
        offsets.fields().forEach((field, block) -> {
            assertThat(patched[(int) (long) field]).as("flag at %d", field).isEqualTo((byte) 2);
            assertThat(patched[(int) (long) block]).as("block type at %d", block).isEqualTo((byte) 1);
        });
        assertThat(fingerprints(patched)).isEqualTo(LIVE);
        // pg_restore itself, reading one table's data through the recorded offset
        assertThat(pgRestore("--data-only", "--table=t1", "-f", "-", file.toString()))
                .contains("COPY public.t1").contains("1e+300").doesNotContain("Odd Schema");
    }

    private static String pgRestore(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(PostgresTools.tool("pg_restore").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aTruncatedArchiveIsRefusedSayingWhere() throws IOException {
        byte[] archive = resource("typed-values.dump");
        int inData = indexOf(archive, "1e+300".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> fingerprints(Arrays.copyOf(archive, inData)))
                .isInstanceOf(DumpArchiveException.class).hasMessageContaining("ended inside a data block");
        assertThatThrownBy(() -> fingerprints(Arrays.copyOf(archive, 300)))
                .isInstanceOf(DumpArchiveException.class).hasMessageContaining("ended inside its header");
    }

    @Test
    void aCompressedArchiveIsRefusedNamingTheOptionItNeeds() throws IOException {
        byte[] gzip = resource("typed-values-gzip.dump");

        assertThatThrownBy(() -> fingerprints(gzip)).isInstanceOf(DumpArchiveException.class)
                .hasMessageContaining("compressed").hasMessageContaining("-Z0");
    }

    @Test
    void somethingElseIsNotAnArchive() {
        byte[] text = "--\n-- PostgreSQL database dump\n--\n".repeat(200).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> fingerprints(text)).isInstanceOf(DumpArchiveException.class)
                .hasMessageContaining("no PGDMP signature");
    }

    private static Map<String, TableFingerprint> fingerprints(byte[] archive) throws IOException {
        DumpArchiveScanner f = new DumpArchiveScanner();
        f.update(archive, 0, archive.length);
        return f.finish();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DumpArchiveScannerTest.class.getResourceAsStream("/pgdump/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] data, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= data.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
