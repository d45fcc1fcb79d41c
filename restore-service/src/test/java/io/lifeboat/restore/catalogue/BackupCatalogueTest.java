package io.lifeboat.restore.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BackupCompleted and CopyStored come on different topics: the catalogue holds both, whichever came first. */
class BackupCatalogueTest {

    private static CatalogueEntry announced() {
        return new CatalogueEntry("b-1", "DATABASE_DUMP", "prosaas", Instant.parse("2026-11-29T02:00:00Z"),
                Instant.parse("2026-11-29T02:05:00Z"), "backups/database-dump/b-1/manifest.json", "00",
                List.of("primary"));
    }

    @Test
    void aCopyThatLandedIsKeptWhetherItsEventCameBeforeOrAfterTheBackupsOwnAndWhenThatIsRedelivered() {
        BackupCatalogue before = new BackupCatalogue();
        before.copyStored("b-1", "DATABASE_DUMP", "secondary");
        before.add(announced());
        assertThat(before.find("b-1").orElseThrow().storedAt()).containsExactly("primary", "secondary");

        BackupCatalogue after = new BackupCatalogue();
        after.add(announced());
        after.copyStored("b-1", "DATABASE_DUMP", "cold");
        after.copyStored("b-1", "DATABASE_DUMP", "cold");
        after.add(announced());
        assertThat(after.find("b-1").orElseThrow().storedAt()).containsExactly("primary", "cold");
    }

    @Test
    void copiesOfWalSegmentsAreNotRememberedAndNoneIsKeptOnceItsBackupIsKnown() {
        BackupCatalogue catalogue = new BackupCatalogue();
        for (int i = 0; i < 1000; i++) {
            catalogue.copyStored("wal-0000000100000000000000" + i, "WAL", "cold");
        }
        catalogue.copyStored("b-1", "DATABASE_DUMP", "secondary");
        assertThat(catalogue.awaitingTheirBackup()).isEqualTo(1);

        catalogue.add(announced());
        catalogue.copyStored("b-1", "DATABASE_DUMP", "cold");

        assertThat(catalogue.awaitingTheirBackup()).isZero();
        assertThat(catalogue.find("b-1").orElseThrow().storedAt()).containsExactly("primary", "secondary", "cold");
    }
}
