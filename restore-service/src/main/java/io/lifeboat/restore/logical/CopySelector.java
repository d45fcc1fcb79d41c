package io.lifeboat.restore.logical;

import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestCodec;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.format.stream.DigestingInputStream.Digest;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the copy to restore from: the first location, in configured order, whose manifest is the one announced
 * and whose objects match their checksums. Every rejected copy is named in the failure if none is usable.
 */
final class CopySelector {

    private static final Logger log = LoggerFactory.getLogger(CopySelector.class);

    /** A verified copy: the location, its storage, and the backup's manifest. */
    record SelectedCopy(StorageLocation location, Storage storage, Manifest manifest) {
    }

    private final List<StorageLocation> locations;

    CopySelector(List<StorageLocation> locations) {
        this.locations = locations;
    }

    SelectedCopy select(CatalogueEntry entry) throws RestoreFailure {
        List<String> rejected = new ArrayList<>();
        for (StorageLocation location : locations) {
            if (!entry.storedAt().contains(location.name())) {
                continue;
            }
            try {
                Storage storage = location.open();
                Manifest manifest = verifiedManifest(storage, entry);
                for (ManifestObject object : manifest.objects()) {
                    Digest d;
                    try (InputStream in = storage.open(object.key())) {
                        d = DigestingInputStream.drain(in);
                    }
                    if (!d.sha256().equals(object.storedSha256()) || d.bytes() != object.storedBytes()) {
                        throw new IOException("object '" + object.key() + "' does not match its manifest checksum");
                    }
                }
                return new SelectedCopy(location, storage, manifest);
            } catch (IOException | RuntimeException e) {
                log.warn("copy of backup {} at '{}' is not usable: {}", entry.backupId(), location.name(),
                        e.getMessage());
                rejected.add(location.name() + ": " + e.getMessage());
            }
        }
        throw new RestoreFailure("no intact copy of backup '" + entry.backupId() + "' found"
                + (rejected.isEmpty() ? " at any configured location" : ": " + String.join("; ", rejected)));
    }

    private static Manifest verifiedManifest(Storage storage, CatalogueEntry entry) throws IOException {
        byte[] bytes;
        try (InputStream in = storage.open(entry.manifestKey())) {
            bytes = in.readAllBytes();
        }
        String sha = DigestingInputStream.drain(new ByteArrayInputStream(bytes)).sha256();
        if (!sha.equals(entry.manifestSha256())) {
            throw new IOException("manifest '" + entry.manifestKey() + "' differs from the one announced");
        }
        return ManifestCodec.decode(bytes, "'" + entry.manifestKey() + "' in " + storage.describe());
    }
}
