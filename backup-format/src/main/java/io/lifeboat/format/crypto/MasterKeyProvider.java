package io.lifeboat.format.crypto;

/**
 * Master keys named by id. A master key never leaves its provider: it wraps (encrypts and authenticates) small
 * secrets such as data keys, and unwraps them again. Implementations: {@link LocalKeysetMasterKeys} for the embedded
 * default; a KMS adapter in production (wrap = KMS encrypt with {@code context} as encryption context).
 *
 * <p>Implementations are thread-safe and report every failure as a {@link MasterKeyException} with a reason.
 */
public interface MasterKeyProvider {

    /** The id of the key that new backups and rotations wrap with. */
    String currentKeyId();

    /**
     * Encrypts {@code secret} with master key {@code keyId}, binding it to {@code context} (associated data that must
     * be given again to unwrap).
     */
    byte[] wrap(String keyId, byte[] secret, byte[] context);

    /**
     * Reverses {@link #wrap}. Fails with {@link MasterKeyException.Reason#UNKNOWN_KEY} if there is no such key,
     * {@link MasterKeyException.Reason#REJECTED} if another key wrapped the bytes, and
     * {@link MasterKeyException.Reason#ALTERED} if the bytes or the context do not match (providers that cannot tell
     * these two apart report REJECTED).
     */
    byte[] unwrap(String keyId, byte[] wrapped, byte[] context);
}
