package io.lifeboat.restore.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.restore.run.JournalEntry.StagedTable;
import io.lifeboat.restore.run.JournalEntry.Undo;
import io.lifeboat.restore.run.RestoreResult.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreJournalTest {

    @TempDir
    Path temp;

    private final JournalEntry logical = new JournalEntry("7f0c2a9e-1b4d-4e61-9a52-0c6d1e2f3a4b", "dump-1",
            Method.LOGICAL, "restored_calls", "olivia", Instant.parse("2026-11-29T10:15:30Z"), Undo.DROP_DATABASE,
            "restored_calls");
    private final JournalEntry pitr = new JournalEntry("r-2", "base-1", Method.POINT_IN_TIME,
            "/srv/pg/restored (port 5433)", "olivia", Instant.parse("2026-11-29T10:16:00Z"),
            Undo.REMOVE_RECOVERING_DATA_DIRECTORY, "/srv/pg/restored");
    private final JournalEntry table = new JournalEntry("r-3", "dump-1", Method.SINGLE_TABLE, "app", "olivia",
            Instant.parse("2026-11-29T10:17:00Z"), Undo.DROP_DATABASE, "lifeboat_table_r3",
            Optional.of(new StagedTable("app", "billing", "lifeboat_restoring_r3")));

    @Test
    void whatIsRecordedIsThereUntilRemoved() {
        RestoreJournal journal = new RestoreJournal(temp.resolve("journal"));
        assertThat(journal.entries()).isEmpty();

        journal.record(logical);
        journal.record(pitr);
        journal.record(table);

        assertThat(new RestoreJournal(temp.resolve("journal")).entries()).containsExactlyInAnyOrder(logical, pitr,
                table);
        journal.remove(logical.restoreId());
        journal.remove(table.restoreId());
        assertThat(journal.entries()).containsExactly(pitr);
        journal.remove("r-never-recorded");
        assertThat(journal.entries()).containsExactly(pitr);
    }

    @Test
    void aFileThatCannotBeReadIsSkippedAndLeftForAnOperator() throws Exception {
        RestoreJournal journal = new RestoreJournal(temp.resolve("journal"));
        journal.record(pitr);
        Path broken = Files.writeString(temp.resolve("journal").resolve("half-written.restore"), "restoreId=x\n");

        assertThat(journal.entries()).containsExactly(pitr);
        assertThat(broken).exists();
    }

    @Test
    void aJournalThatCannotBeWrittenIsAnErrorNamingItsDirectory() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("journal"), "a file");
        RestoreJournal journal = new RestoreJournal(notADirectory);

        assertThatThrownBy(() -> journal.record(logical)).isInstanceOf(JournalUnavailable.class)
                .hasMessageStartingWith("cannot write the restore journal in '" + notADirectory
                        + "' for restore '" + logical.restoreId() + "'");
    }

    @Test
    void aRestoreIdThatCannotNameAFileIsRefused() {
        RestoreJournal journal = new RestoreJournal(temp.resolve("journal"));
        JournalEntry escaping = new JournalEntry("../../etc/x", "b", Method.LOGICAL, "t", "o", Instant.EPOCH,
                Undo.DROP_DATABASE, "t");

        assertThatThrownBy(() -> journal.record(escaping)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id '../../etc/x' cannot name a journal file");
    }
}
