package io.lifeboat.restore.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SingleTableRestoreTest {

    @Test
    void indexesAndSequencesOfARenamedTableFollowItsNewNameWithinPostgresLimits() {
        assertThat(SingleTableRestore.renamed("calls_pkey", "calls", "calls_restored")).isEqualTo("calls_restored_pkey");
        assertThat(SingleTableRestore.renamed("calls_id_seq", "calls", "calls_restored"))
                .isEqualTo("calls_restored_id_seq");
        assertThat(SingleTableRestore.renamed("idx_by_agent", "calls", "calls_restored"))
                .isEqualTo("calls_restored_idx_by_agent");
        assertThat(SingleTableRestore.renamed("calls_pkey", "calls", "c".repeat(63))).hasSize(63);
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefused() {
        assertThatThrownBy(() -> new TableRestoreRequest("r", "public", "calls; drop table x", Optional.empty(),
                Instant.now(), Optional.empty(), "crm", false, "olivia", Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a valid name");
        assertThat(new TableRestoreRequest("r", "public", "calls", Optional.of("calls_old"), Instant.now(),
                Optional.empty(), "crm", false, "olivia", Instant.now()).restoredName()).isEqualTo("calls_old");
    }
}
