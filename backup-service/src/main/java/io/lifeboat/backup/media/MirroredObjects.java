package io.lifeboat.backup.media;

import io.lifeboat.format.storage.ListedObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which version of each source object the mirror holds, by key. An object is due when its key is unknown or its
 * size or version differs from the one last stored. Each stored object is written into its backup's manifest as an
 * identity {@code key|size|version}, so this state is read back from the repository after a restart. Thread-safe.
 */
final class MirroredObjects {

    /** Manifest metadata keys of the identities a MEDIA backup holds: {@code file.0}, {@code file.1}, ... */
    static final String METADATA_PREFIX = "file.";

    private final Map<String, String> identityByKey = new ConcurrentHashMap<>();

    /** {@code key|size|version}; the key may itself contain '|', size and version do not. */
    static String identity(ListedObject object) {
        return object.key() + "|" + object.size() + "|" + object.version();
    }

    /** The key of an identity written by {@link #identity}. */
    static String keyOf(String identity) {
        int last = identity.lastIndexOf('|');
        int beforeLast = last <= 0 ? -1 : identity.lastIndexOf('|', last - 1);
        if (beforeLast < 0) {
            throw new IllegalArgumentException("not a media identity: '" + identity + "'");
        }
        return identity.substring(0, beforeLast);
    }

    /** Reads the identities of one committed MEDIA backup's metadata; apply backups oldest first. */
    void recall(Map<String, String> metadata) {
        metadata.forEach((name, value) -> {
            if (name.startsWith(METADATA_PREFIX)) {
                identityByKey.put(keyOf(value), value);
            }
        });
    }

    /** The listed objects not mirrored in their current version, in listing order. */
    List<ListedObject> due(List<ListedObject> listed) {
        return listed.stream().filter(o -> !identity(o).equals(identityByKey.get(o.key()))).toList();
    }

    /** Records that {@code object} in this version is stored in a committed backup. */
    void stored(ListedObject object) {
        identityByKey.put(object.key(), identity(object));
    }

    /** How many objects are mirrored. */
    int size() {
        return identityByKey.size();
    }
}
