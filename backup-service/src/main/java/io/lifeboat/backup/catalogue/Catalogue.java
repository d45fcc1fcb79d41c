package io.lifeboat.backup.catalogue;

import io.lifeboat.backup.copy.Locations;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Reads the committed backups from the primary; a manifest that fails its seal is left out and logged. */
@Component
public class Catalogue {

    private static final Logger log = LoggerFactory.getLogger(Catalogue.class);

    private final Locations locations;
    private final ManifestStore manifests;

    public Catalogue(Locations locations, MasterKeyProvider masterKeys) {
        this.locations = locations;
        this.manifests = new ManifestStore(masterKeys);
    }

    /** Committed backups of {@code dataType} (a DataType name), or of every type when empty, oldest first. */
    public List<Manifest> list(Optional<String> dataType) {
        String prefix = dataType.map(t -> RepositoryLayout.BACKUPS_ROOT
                + t.toLowerCase(Locale.ROOT).replace('_', '-') + "/").orElse(RepositoryLayout.BACKUPS_ROOT);
        Storage primary = locations.primary().storage();
        List<Manifest> found = new ArrayList<>();
        for (String key : primary.list(prefix)) {
            if (!RepositoryLayout.isManifestKey(key)) {
                continue;
            }
            try {
                found.add(manifests.read(primary, key));
            } catch (ManifestException e) {
                log.warn("manifest '{}' is left out of the catalogue ({}): {}", key, e.kind(), e.getMessage());
            }
        }
        found.sort(Comparator.comparing(Manifest::completedAt).thenComparing(Manifest::backupId));
        return found;
    }

    /** The committed backup {@code backupId} of {@code dataType}. */
    public Optional<Manifest> find(String dataType, String backupId) {
        Storage primary = locations.primary().storage();
        String key = RepositoryLayout.manifestKey(dataType, backupId);
        try {
            return Optional.of(manifests.read(primary, key));
        } catch (ManifestException e) {
            if (e.kind() == ManifestException.Kind.MISSING) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
