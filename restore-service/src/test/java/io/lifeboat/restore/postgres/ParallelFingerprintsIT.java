package io.lifeboat.restore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.infra.postgres.PostgresCluster;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Block-range parts over several connections add up to exactly the fingerprints of whole tables. */
class ParallelFingerprintsIT {

    private static PostgresCluster pg;

    @BeforeAll
    static void start() {
        pg = PostgresCluster.start("parallel-fingerprints");
        pg.createDatabase("restored");
        pg.execute("restored",
                "CREATE TABLE calls (id bigint, transcript text, at timestamptz, doubled bigint"
                        + " GENERATED ALWAYS AS (id * 2) STORED, gone int)",
                "INSERT INTO calls (id, transcript, at, gone) SELECT g, repeat(md5(g::text), 3),"
                        + " '2025-01-01'::timestamptz + g * interval '1 second', 0 FROM generate_series(1, 150000) g",
                "ALTER TABLE calls DROP COLUMN gone",
                "CREATE TABLE tenants (id int, name text)",
                "INSERT INTO tenants VALUES (1, 'Acme'), (2, E'tab\\there')",
                "CREATE TABLE nothing (x int)");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void partsOverTwoConnectionsEqualWholeTables() throws Exception {
        Map<String, TableFingerprint> whole;
        try (Connection c = pg.connect("restored")) {
            assertThat(TableFingerprints.tables(c).stream().filter(t -> t.table().equals("calls")).findFirst()
                    .orElseThrow().blocks())
                    .as("large enough to be split in two").isGreaterThanOrEqualTo(
                            2 * ParallelFingerprints.MIN_BLOCKS_PER_PART);
            whole = TableFingerprints.of(c);
        }

        Map<String, TableFingerprint> parallel = ParallelFingerprints.of(() -> pg.connect("restored"), 2);

        assertThat(parallel).isEqualTo(whole);
        assertThat(parallel.get("public.calls").rows()).isEqualTo(150000);
        assertThat(ParallelFingerprints.of(() -> pg.connect("restored"), 1)).isEqualTo(whole);
    }

    @Test
    void oneChangedRowInTheSecondHalfShowsInTheCombinedFingerprint() throws Exception {
        Map<String, TableFingerprint> before = ParallelFingerprints.of(() -> pg.connect("restored"), 2);
        pg.execute("restored", "UPDATE calls SET transcript = transcript || '!' WHERE id = 149000");
        try {
            Map<String, TableFingerprint> after = ParallelFingerprints.of(() -> pg.connect("restored"), 2);

            assertThat(after.get("public.calls").rows()).isEqualTo(150000);
            assertThat(after.get("public.calls")).isNotEqualTo(before.get("public.calls"));
            assertThat(after.get("public.tenants")).isEqualTo(before.get("public.tenants"));
        } finally {
            pg.execute("restored", "UPDATE calls SET transcript = left(transcript, -1) WHERE id = 149000");
        }
    }
}
