package io.lifeboat.backup.api;

import io.lifeboat.backup.catalogue.Catalogue;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The catalogue for pipelines: what is committed, and a backup's manifest summary. No key material is shown. */
@RestController
@RequestMapping("/api/catalogue")
class CatalogueController {

    private final Catalogue catalogue;

    CatalogueController(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** One committed backup. */
    record Entry(String backupId, String dataType, String source, Instant startedAt, Instant completedAt,
                 int objectCount, long plainBytes, long storedBytes) {
        static Entry of(Manifest m) {
            return new Entry(m.backupId(), m.dataType(), m.source(), m.startedAt(), m.completedAt(),
                    m.objects().size(), m.plainBytes(), m.storedBytes());
        }
    }

    /** A manifest without its wrapped data key. */
    record Summary(Entry backup, Map<String, String> metadata, List<ManifestObject> objects, int tables,
                   String masterKeyId) {
    }

    @GetMapping
    List<Entry> list(@RequestParam Optional<String> dataType) {
        return catalogue.list(dataType).stream().map(Entry::of).toList();
    }

    @GetMapping("/{dataType}/{backupId}")
    Summary show(@PathVariable String dataType, @PathVariable String backupId) {
        Manifest m;
        try {
            m = catalogue.find(dataType, backupId).orElseThrow(() -> new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no committed backup '" + backupId + "' of type '" + dataType + "'"));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return new Summary(Entry.of(m), m.metadata(), m.objects(), m.tables().size(),
                m.encryption() == null ? null : m.encryption().masterKeyId());
    }
}
