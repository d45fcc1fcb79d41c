package io.lifeboat.restore.logical;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.postgres.DumpArchiveScanner.Section;
import io.lifeboat.format.postgres.DumpArchiveScanner.TocEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which dumps are loaded from the stream and which go whole to pg_restore, and the reason given. */
class NotStreamableTest {

    private static final TocEntry UTF8 = new TocEntry(1, "ENCODING", Section.PRE_DATA, null, "ENCODING",
            "SET client_encoding = 'UTF8';\n", null, false);
    private static final TocEntry TABLE = new TocEntry(2, "TABLE", Section.PRE_DATA, "public", "calls",
            "CREATE TABLE public.calls (id int);", null, false);
    private static final TocEntry DATA = new TocEntry(3, "TABLE DATA", Section.DATA, "public", "calls", "",
            "COPY public.calls (id) FROM stdin;\n", true);
    private static final TocEntry SEQUENCE_SET = new TocEntry(4, "SEQUENCE SET", Section.DATA, "public",
            "calls_id_seq", "SELECT pg_catalog.setval('public.calls_id_seq', 4, true);", null, false);

    @Test
    void tablesRowsAndSequenceValuesStream() {
        assertThat(StreamedDump.notStreamable(List.of(UTF8, TABLE, DATA, SEQUENCE_SET))).isNull();
        assertThat(TableLoader.copyStatement(DATA)).isEqualTo("COPY public.calls (id) FROM stdin");
    }

    @Test
    void largeObjectsAnotherEncodingOrATableWithoutCopyStatementGoWholeToPgRestore() {
        TocEntry blobs = new TocEntry(5, "BLOBS", Section.DATA, null, "BLOBS", "", null, true);
        assertThat(StreamedDump.notStreamable(List.of(UTF8, TABLE, DATA, blobs))).isEqualTo("it holds BLOBS data");

        TocEntry latin1 = new TocEntry(1, "ENCODING", Section.PRE_DATA, null, "ENCODING",
                "SET client_encoding = 'LATIN1';\n", null, false);
        assertThat(StreamedDump.notStreamable(List.of(latin1, TABLE, DATA)))
                .isEqualTo("its encoding is not UTF8 (SET client_encoding = 'LATIN1';)");

        TocEntry noCopy = new TocEntry(3, "TABLE DATA", Section.DATA, "public", "calls", "", "", true);
        assertThat(StreamedDump.notStreamable(List.of(UTF8, TABLE, noCopy)))
                .isEqualTo("table public.calls has no COPY statement");
    }
}
