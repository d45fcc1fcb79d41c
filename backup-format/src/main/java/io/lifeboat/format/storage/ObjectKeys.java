package io.lifeboat.format.storage;

import io.lifeboat.format.storage.StorageException.Reason;

/** The rule every driver applies to keys, so a key valid on one location is valid on all of them. */
final class ObjectKeys {

    private ObjectKeys() {
    }

    /** Refuses blank, absolute and parent-escaping keys, and backslashes. */
    static String requireValid(String key) {
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new StorageException(Reason.REFUSED, "invalid object key '" + key + "'", null);
        }
        return key;
    }
}
