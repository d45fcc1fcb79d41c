package io.lifeboat.verify.integrity;

import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.verify.catalogue.AnnouncedBackup;
import io.lifeboat.verify.config.VerifyProperties;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** Verifies the copies of a completed backup at each configured location. */
@Service
public class BackupVerification {

    private final Map<String, StorageLocation> locations;
    private final CopyVerifier verifier;

    public BackupVerification(VerifyProperties properties, Clock clock) {
        this.locations = properties.locations().stream()
                .collect(Collectors.toMap(StorageLocation::name, Function.identity()));
        this.verifier = new CopyVerifier(clock);
    }

    /** One report per location that stored a copy and that this service knows; unknown names are skipped. */
    public List<CopyReport> verify(AnnouncedBackup backup) {
        return backup.storedAt().stream()
                .map(name -> Optional.ofNullable(locations.get(name)))
                .flatMap(Optional::stream)
                .map(location -> verifier.verify(backup.backupId(), location.name(), location.open(),
                        backup.manifestKey(), backup.manifestSha256()))
                .toList();
    }
}
