package io.lifeboat.format.object;

import io.lifeboat.format.crypto.DataKey;

/** The filters an object can pass through on its way to storage, by the names manifests use. */
public enum Codec {
    /**
     * Zstandard compression: independent frames of at most 1 MiB of plaintext, each with its content size and a
     * content checksum (objects written before frames: one frame of unknown size). Either is one valid zstd stream.
     */
    ZSTD("zstd"),
    /** Tink StreamingAead AES256_GCM_HKDF_1MB with the object's key as associated data. */
    AES256_GCM_HKDF_1MB(DataKey.ALGORITHM);

    private final String id;

    Codec(String id) {
        this.id = id;
    }

    /** The name in a manifest's codec list. */
    public String id() {
        return id;
    }

    /** The codec named {@code id}, or null if this reader does not know it. */
    static Codec fromId(String id) {
        for (Codec codec : values()) {
            if (codec.id.equals(id)) {
                return codec;
            }
        }
        return null;
    }
}
