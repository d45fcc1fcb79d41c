package io.lifeboat.restore.messaging;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.CopyStored;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bindings {@code catalogue-in-0}: every completed backup enters the catalogue (idempotent by backupId), with the
 * locations that had stored it; {@code copyCatalogue-in-0}: a copy announced as pending that landed later is added
 * to its backup's locations, so a restore can fall back to it. Both in the per-instance catalogue group, replayed
 * from the beginning at start-up.
 */
@Configuration(proxyBeanMethods = false)
class CatalogueListener {

    @Bean
    Consumer<CopyStored> copyCatalogue(BackupCatalogue catalogue) {
        return event -> catalogue.copyStored(event.getBackupId(), event.getDataType().name(),
                event.getCopy().getLocation());
    }

    @Bean
    Consumer<BackupCompleted> catalogue(BackupCatalogue catalogue) {
        return event -> catalogue.add(new CatalogueEntry(event.getBackupId(), event.getDataType().name(),
                event.getSource(), event.getStartedAt(), event.getCompletedAt(), event.getManifestKey(), event.getManifestSha256(),
                event.getCopies().stream().filter(c -> c.getStatus() == CopyStatus.STORED)
                        .map(LocationCopy::getLocation).toList()));
    }
}
