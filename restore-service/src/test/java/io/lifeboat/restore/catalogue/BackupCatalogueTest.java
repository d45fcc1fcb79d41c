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
        before.copyStored("b-1", "secondary");
        before.add(announced());
        assertThat(before.find("b-1").orElseThrow().storedAt()).containsExactly("primary", "secondary");

        BackupCatalogue after = new BackupCatalogue();
        after.add(announced());
        after.copyStored("b-1", "cold");
        after.copyStored("b-1", "cold");
        after.add(announced());
        assertThat(after.find("b-1").orElseThrow().storedAt()).containsExactly("primary", "cold");
    }
}
