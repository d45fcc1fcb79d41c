package io.lifeboat.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresClusterIT {

    @Test
    void createsStopsRestartsAndRemovesACluster() throws Exception {
        Path dir;
        try (PostgresCluster pg = PostgresCluster.start("probe")) {
            dir = pg.directory();
            pg.createDatabase("app");
            pg.execute("app", "CREATE TABLE t (id int)", "INSERT INTO t SELECT generate_series(1, 42)");
            assertThat(count(pg)).isEqualTo(42);

            pg.stop();
            assertThatThrownBy(() -> pg.connect("app")).isInstanceOf(SQLException.class);
            pg.start();
            assertThat(count(pg)).isEqualTo(42);
            try (Connection c = pg.connect("app"); ResultSet rs = c.createStatement().executeQuery("SHOW wal_level")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("replica");
            }
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    private static long count(PostgresCluster pg) throws SQLException {
        try (Connection c = pg.connect("app"); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
