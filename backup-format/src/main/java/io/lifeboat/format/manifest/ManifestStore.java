package io.lifeboat.format.manifest;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.MasterKeyException;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.ManifestException.Kind;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.storage.StorageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads <b>sealed</b> manifests: the manifest's JSON bytes plus an HMAC-SHA256 over them, keyed by a
 * random per-write MAC key that the current master key wraps (bound to the manifest's storage key, so a sealed
 * manifest cannot be moved to another backup). On storage:
 *
 * <pre>
 * { "format": "lifeboat-sealed-manifest", "version": 1,
 *   "seal": { "algorithm": "hmac-sha256", "masterKeyId": "mk-1", "wrappedKey": "base64", "mac": "base64" },
 *   "manifest": "base64 of the manifest JSON" }
 * </pre>
 *
 * (read the manifest with {@code jq -r .manifest manifest.json | base64 -d}). The MAC covers the exact bytes, so no
 * canonical re-encoding is needed to check it. Only the wrap and unwrap operations of a {@link MasterKeyProvider} are
 * used, so any KMS that can wrap can seal. Writing the manifest is the last step of a backup: its presence is the
 * commit marker, and {@link Storage#put} is atomic.
 */
public final class ManifestStore {

    public static final String FORMAT = "lifeboat-sealed-manifest";
    public static final int VERSION = 1;
    static final String ALGORITHM = "hmac-sha256";
    private static final int MAC_KEY_BYTES = 32;
    private static final int MAX_SEALED_BYTES = 64 * 1024 * 1024;
    private static final byte[] SEAL_CONTEXT = "lifeboat/manifest-seal/v1/".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final MasterKeyProvider masterKeys;

    public ManifestStore(MasterKeyProvider masterKeys) {
        this.masterKeys = Objects.requireNonNull(masterKeys, "masterKeys");
    }

    /** Seals {@code manifest} with the current master key and stores it at its layout key; returns that key. */
    public String write(Storage storage, Manifest manifest) {
        String key = RepositoryLayout.manifestKey(manifest.dataType(), manifest.backupId());
        write(storage, key, manifest);
        return key;
    }

    /** Seals {@code manifest} with the current master key and stores it at {@code key}, atomically. */
    public void write(Storage storage, String key, Manifest manifest) {
        requireKeyForEncryptedObjects(manifest);
        byte[] body = ManifestCodec.encode(manifest);
        String masterKeyId = masterKeys.currentKeyId();
        byte[] macKey = new byte[MAC_KEY_BYTES];
        RANDOM.nextBytes(macKey);
        try {
            byte[] wrappedKey = masterKeys.wrap(masterKeyId, macKey, context(key));
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            root.put("version", VERSION);
            ObjectNode seal = root.putObject("seal");
            seal.put("algorithm", ALGORITHM);
            seal.put("masterKeyId", masterKeyId);
            seal.put("wrappedKey", Base64.getEncoder().encodeToString(wrappedKey));
            seal.put("mac", Base64.getEncoder().encodeToString(mac(macKey, body)));
            root.put("manifest", Base64.getEncoder().encodeToString(body));
            storage.put(key, new ByteArrayInputStream(JSON.writeValueAsBytes(root)));
        } finally {
            Arrays.fill(macKey, (byte) 0);
        }
    }

    /**
     * Reads and authenticates the manifest at {@code key}.
     *
     * @throws ManifestException kind {@link Kind#MISSING} if there is none, {@link Kind#KEY_UNAVAILABLE} if its
     *                           master key is unknown or wrong, {@link Kind#MANIFEST_INVALID} if it is not a sealed
     *                           manifest or was altered
     * @throws StorageException  if the location cannot be read (not a fact about the manifest; retry)
     */
    public Manifest read(Storage storage, String key) {
        return readSealed(storage, key).manifest();
    }

    /**
     * Unwraps the data key of an encrypted backup's manifest.
     *
     * @throws ManifestException kind {@link Kind#KEY_UNAVAILABLE} if the master key is unknown, wrong or
     *                           unreachable (the cause says which), {@link Kind#MANIFEST_INVALID} if the manifest is
     *                           not encrypted
     */
    public DataKey dataKey(Manifest manifest) {
        if (manifest.encryption() == null) {
            throw new ManifestException(Kind.MANIFEST_INVALID, "backup '" + manifest.backupId()
                    + "' is not encrypted: its manifest has no data key", null);
        }
        try {
            return DataKey.unwrap(manifest.encryption(), masterKeys, manifest.backupId());
        } catch (MasterKeyException e) {
            throw new ManifestException(Kind.KEY_UNAVAILABLE, "unable to unwrap the data key of backup '"
                    + manifest.backupId() + "': " + e.getMessage(), e);
        }
    }

    /** A manifest with the id of the master key that sealed it. */
    record Sealed(Manifest manifest, String sealKeyId) {
    }

    Sealed readSealed(Storage storage, String key) {
        String where = "'" + key + "' in " + storage.describe();
        byte[] bytes = readBytes(storage, key, where);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw invalid(where, "is not json");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(text(root, "format"))) {
            throw invalid(where, "is not a sealed manifest");
        }
        if (!root.path("version").isInt() || root.path("version").intValue() != VERSION) {
            throw invalid(where, "has an unknown seal version; this reader knows version " + VERSION);
        }
        JsonNode seal = root.path("seal");
        if (!ALGORITHM.equals(text(seal, "algorithm"))) {
            throw invalid(where, "has an unknown seal algorithm; this reader knows " + ALGORITHM);
        }
        String masterKeyId = text(seal, "masterKeyId");
        byte[] wrappedKey = base64(seal, "wrappedKey", where);
        byte[] tag = base64(seal, "mac", where);
        byte[] body = base64(root, "manifest", where);
        if (masterKeyId == null) {
            throw invalid(where, "has no seal master key id");
        }
        byte[] macKey;
        try {
            macKey = masterKeys.unwrap(masterKeyId, wrappedKey, context(key));
        } catch (MasterKeyException e) {
            if (e.reason() == MasterKeyException.Reason.ALTERED) {
                throw new ManifestException(Kind.MANIFEST_INVALID, "manifest " + where
                        + " fails authentication: its seal was altered or belongs to another manifest", e);
            }
            throw new ManifestException(Kind.KEY_UNAVAILABLE, "unable to authenticate manifest " + where + ": "
                    + e.getMessage(), e);
        }
        try {
            if (!MessageDigest.isEqual(mac(macKey, body), tag)) {
                throw invalid(where, "fails authentication: it was altered after it was written");
            }
        } finally {
            Arrays.fill(macKey, (byte) 0);
        }
        return new Sealed(ManifestCodec.decode(body, where), masterKeyId);
    }

    private static byte[] readBytes(Storage storage, String key, String where) {
        try (InputStream in = storage.open(key)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_SEALED_BYTES) {
                    throw invalid(where, "is larger than " + MAX_SEALED_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (StorageException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                throw new ManifestException(Kind.MISSING, "manifest " + where + " not found", e);
            }
            throw e;
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to read manifest " + where + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireKeyForEncryptedObjects(Manifest manifest) {
        if (manifest.encryption() == null && manifest.objects().stream()
                .anyMatch(o -> o.codecs().contains(DataKey.ALGORITHM))) {
            throw new IllegalArgumentException("manifest of backup '" + manifest.backupId()
                    + "' lists encrypted objects but carries no wrapped data key; it could never be restored");
        }
    }

    private static byte[] mac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    private static byte[] context(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] context = Arrays.copyOf(SEAL_CONTEXT, SEAL_CONTEXT.length + k.length);
        System.arraycopy(k, 0, context, SEAL_CONTEXT.length, k.length);
        return context;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static byte[] base64(JsonNode node, String field, String where) {
        String value = text(node, field);
        if (value == null) {
            throw invalid(where, "has no '" + field + "'");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid(where, "has a '" + field + "' that is not base64");
        }
    }

    private static ManifestException invalid(String where, String problem) {
        return new ManifestException(Kind.MANIFEST_INVALID, "manifest " + where + " " + problem, null);
    }
}
