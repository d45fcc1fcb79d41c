package io.lifeboat.format.crypto;

import java.util.Base64;
import java.util.Objects;

/**
 * A backup's data key as stored in its manifest: encrypted by master key {@code masterKeyId} and bound to the
 * backup's id. Not secret on its own, yet its bytes are kept out of {@link #toString()} all the same.
 *
 * @param masterKeyId    id of the master key that wrapped the data key
 * @param wrappedDataKey the wrapped data key, base64
 */
public record WrappedDataKey(String masterKeyId, String wrappedDataKey) {

    public WrappedDataKey {
        Objects.requireNonNull(masterKeyId, "masterKeyId");
        Objects.requireNonNull(wrappedDataKey, "wrappedDataKey");
    }

    static WrappedDataKey of(String masterKeyId, byte[] wrapped) {
        return new WrappedDataKey(masterKeyId, Base64.getEncoder().encodeToString(wrapped));
    }

    byte[] wrappedBytes() {
        try {
            return Base64.getDecoder().decode(wrappedDataKey);
        } catch (IllegalArgumentException e) {
            throw new MasterKeyException(MasterKeyException.Reason.ALTERED,
                    "wrapped data key under master key '" + masterKeyId + "' is not base64", null);
        }
    }

    @Override
    public String toString() {
        return "WrappedDataKey[masterKeyId=" + masterKeyId + ", " + wrappedDataKey.length() + " base64 chars]";
    }
}
