package io.lifeboat.verify.integrity;

import io.lifeboat.format.storage.StorageException;
import io.lifeboat.verify.catalogue.AnnouncedBackup;
import io.lifeboat.verify.location.Location;
import io.lifeboat.verify.location.Locations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Verifies the copies of an announced backup at the configured locations. */
@Service
public class BackupVerification {

    private static final Logger log = LoggerFactory.getLogger(BackupVerification.class);

    private final Locations locations;
    private final CopyVerifier verifier;

    public BackupVerification(Locations locations, CopyVerifier verifier) {
        this.locations = locations;
        this.verifier = verifier;
    }

    /**
     * One report per location that stored a copy and that this service knows; unknown names are skipped, and so is
     * a location that cannot be read now (that says nothing about the copy; the next check tries again).
     */
    public List<CopyReport> verify(AnnouncedBackup backup) {
        List<CopyReport> reports = new ArrayList<>();
        for (String name : backup.storedAt()) {
            verify(backup, name).ifPresent(reports::add);
        }
        return reports;
    }

    /** The copy of {@code backup} at {@code locationName}, if that location is known and readable. */
    public Optional<CopyReport> verify(AnnouncedBackup backup, String locationName) {
        Optional<Location> location = locations.find(locationName);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(verifier.verify(backup.backupId(), locationName, location.get().storage(),
                    backup.manifestKey(), backup.manifestSha256()));
        } catch (StorageException e) {
            log.warn("copy of backup {} at '{}' not verified now: {}", backup.backupId(), locationName,
                    e.getMessage());
            return Optional.empty();
        }
    }
}
