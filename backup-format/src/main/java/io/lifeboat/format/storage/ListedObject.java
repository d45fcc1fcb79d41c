package io.lifeboat.format.storage;

import java.util.Objects;

/**
 * One object as a listing sees it.
 *
 * @param key     the object's key, as {@link Storage#list} returns it
 * @param size    its size in bytes
 * @param version what the driver knows of its content without reading it, different after the object was replaced:
 *                the ETag on S3, the modification time on a filesystem; empty when the driver cannot tell (then only
 *                the size shows a change)
 */
public record ListedObject(String key, long size, String version) {

    public ListedObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
    }
}
