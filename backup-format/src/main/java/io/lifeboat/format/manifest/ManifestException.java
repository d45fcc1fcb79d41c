package io.lifeboat.format.manifest;

/** A manifest could not be read: not JSON, an unknown format version, or missing fields. */
public final class ManifestException extends RuntimeException {

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
