package io.lifeboat.restore.copy;

import io.lifeboat.format.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The copy a restore used.
 *
 * @param location the name of the location whose copy was read
 * @param manifest the authenticated manifest
 * @param files    decrypted, verified plaintext of each requested object, by storage key
 * @param rejected why each location tried before this one was skipped ("name: reason")
 */
public record FetchedCopy(String location, Manifest manifest, Map<String, Path> files, List<String> rejected) {

    public FetchedCopy {
        files = Map.copyOf(files);
        rejected = List.copyOf(rejected);
    }

    /** e.g. "secondary (primary: object ... corrupt)" for results and reports. */
    public String describe() {
        return rejected.isEmpty() ? location : location + " (skipped " + String.join("; ", rejected) + ")";
    }
}
