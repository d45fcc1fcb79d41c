package io.lifeboat.format.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.lifeboat.format.crypto.MasterKeyException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The embedded default master keys: one Tink AEAD keyset ({@code AES256_GCM}, one key) per key id, kept in cleartext
 * in a local JSON file that only its owner may read:
 *
 * <pre>
 * { "format": "lifeboat-master-keys", "version": 1, "currentKeyId": "mk-1",
 *   "keys": { "mk-1": { "keyset": { ...Tink JSON keyset... }, "check": "base64" } } }
 * </pre>
 *
 * <p>{@code check} is a fixed text encrypted by the key: a damaged key (a changed character still decodes to some
 * key) fails its check at load, instead of later making every backup look tampered.
 *
 * <p>Creating the file ({@link #createFile}) and loading it ({@link #load}) are separate on purpose: a service that
 * cannot find its keys must stop, not silently start a new key that cannot read any existing backup. Every change
 * (add, make current, remove) rewrites the file atomically (temporary file, fsync, rename).
 *
 * <p>A running service sees the changes another process makes (MasterKeysCli): before each use the file is checked
 * (one stat), and loaded again if it was replaced; a replacement that cannot be loaded leaves the keys loaded before
 * in use.
 */
public final class LocalKeysetMasterKeys implements MasterKeyProvider {

    public static final String FORMAT = "lifeboat-master-keys";
    public static final int VERSION = 1;
    /** Id of the first key when {@link #createFile(Path)} is not told one. */
    public static final String FIRST_KEY_ID = "mk-1";

    private static final byte[] CHECK_TEXT = "lifeboat master key check".getBytes(StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(LocalKeysetMasterKeys.class);
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path file;
    private final Map<String, KeysetHandle> keys;
    private final Map<String, Aead> aeads;
    private String currentKeyId;
    /** The file as last loaded or written here; a different one was replaced by someone else. */
    private FileStamp stamp;
    /** A replaced file that could not be loaded, so that its failure is logged once. */
    private FileStamp failedStamp;

    /** What tells one version of the keyset file from another without reading it (a rewrite is a new inode). */
    private record FileStamp(Object fileKey, FileTime modified, long size) {

        /** The stamp of {@code file}, or null if it cannot be read. */
        static FileStamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileStamp(a.fileKey(), a.lastModifiedTime(), a.size());
            } catch (IOException e) {
                return null;
            }
        }
    }

    private LocalKeysetMasterKeys(Path file, Map<String, KeysetHandle> keys, String currentKeyId)
            throws GeneralSecurityException {
        this.file = file;
        this.keys = new TreeMap<>(keys);
        this.aeads = new TreeMap<>();
        for (Map.Entry<String, KeysetHandle> key : keys.entrySet()) {
            aeads.put(key.getKey(), key.getValue().getPrimitive(TinkRegistration.configuration(), Aead.class));
        }
        this.currentKeyId = currentKeyId;
    }

    /** Creates a new keyset file holding one fresh key {@value #FIRST_KEY_ID}; fails if the file exists. */
    public static LocalKeysetMasterKeys createFile(Path file) {
        return createFile(file, FIRST_KEY_ID);
    }

    /** Creates a new keyset file holding one fresh key named {@code firstKeyId}; fails if the file exists. */
    public static LocalKeysetMasterKeys createFile(Path file, String firstKeyId) {
        Path target = file.toAbsolutePath().normalize();
        checkKeyId(firstKeyId);
        if (Files.exists(target)) {
            throw new MasterKeyException(Reason.KEYSET_INVALID, "master keyset file '" + target
                    + "' already exists; load it instead of creating it", null);
        }
        try {
            LocalKeysetMasterKeys created = new LocalKeysetMasterKeys(target, Map.of(firstKeyId, newKey()),
                    firstKeyId);
            created.persist(true);
            LOG.info("created master keyset file '{}' with key '{}'", target, firstKeyId);
            return created;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unable to generate an aes256-gcm master key", e);
        }
    }

    /**
     * Loads an existing keyset file.
     *
     * @throws MasterKeyException with reason {@link Reason#KEYSET_INVALID} if the file is missing, unreadable or not
     *                            a master keyset; the message names the file and the problem, never its content
     */
    public static LocalKeysetMasterKeys load(Path file) {
        Path source = file.toAbsolutePath().normalize();
        // before the read: a change made while reading is seen as a change later
        FileStamp stamp = FileStamp.of(source);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(source);
        } catch (NoSuchFileException e) {
            throw invalid(source, "does not exist (create it once with LocalKeysetMasterKeys.createFile)");
        } catch (AccessDeniedException e) {
            throw invalid(source, "is not readable: permission denied");
        } catch (IOException e) {
            throw invalid(source, "is not readable: " + e.getClass().getSimpleName());
        }
        warnIfOthersCanRead(source);
        if (bytes.length == 0) {
            throw invalid(source, "is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            // never the parser's message or cause: they quote the text around the error, which may be key material
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw invalid(source, "is not valid json" + where);
        }
        if (root == null || !root.isObject()) {
            throw invalid(source, "is not a json object");
        }
        if (!FORMAT.equals(text(root, "format"))) {
            throw invalid(source, "is not a lifeboat master keyset (expected \"format\": \"" + FORMAT + "\")");
        }
        if (!root.path("version").isInt() || root.path("version").intValue() != VERSION) {
            throw invalid(source, "has an unknown version; this reader knows version " + VERSION);
        }
        String current = text(root, "currentKeyId");
        if (current == null) {
            throw invalid(source, "has no 'currentKeyId'");
        }
        JsonNode keyNodes = root.path("keys");
        if (!keyNodes.isObject() || keyNodes.isEmpty()) {
            throw invalid(source, "has no 'keys'");
        }
        Map<String, KeysetHandle> keys = new TreeMap<>();
        TinkRegistration.configuration();
        for (Map.Entry<String, JsonNode> entry : keyNodes.properties()) {
            String keyId = entry.getKey();
            if (!KEY_ID.matcher(keyId).matches()) {
                throw invalid(source, "has an invalid key id (letters, digits, '.', '_', '-'; at most 64)");
            }
            keys.put(keyId, parseKey(source, keyId, entry.getValue().path("keyset")));
            checkKey(source, keyId, keys.get(keyId), entry.getValue().path("check"));
        }
        if (!keys.containsKey(current)) {
            throw invalid(source, "names current key '" + current + "', which is not among its keys " + keys.keySet());
        }
        try {
            LocalKeysetMasterKeys loaded = new LocalKeysetMasterKeys(source, keys, current);
            loaded.stamp = stamp;
            return loaded;
        } catch (GeneralSecurityException e) {
            throw invalid(source, "holds a key that tink cannot use as an aead");
        }
    }

    /**
     * Loads the file again if another process replaced it since this instance loaded or wrote it (MasterKeysCli
     * adding, making current or removing a key while a service runs), so that a running service wraps with the
     * current key and knows the keys the file holds, as a restarted one would. A replaced file that cannot be loaded
     * leaves the keys loaded before in use (logged once); the next use tries again.
     */
    private synchronized void reloadIfReplaced() {
        FileStamp now = FileStamp.of(file);
        if (now == null || now.equals(stamp) || now.equals(failedStamp)) {
            return;
        }
        LocalKeysetMasterKeys fresh;
        try {
            fresh = load(file);
        } catch (MasterKeyException e) {
            failedStamp = now;
            LOG.warn("master keyset file '{}' was changed but cannot be loaded; the keys loaded before stay in use:"
                    + " {}", file, e.getMessage());
            return;
        }
        keys.clear();
        keys.putAll(fresh.keys);
        aeads.clear();
        aeads.putAll(fresh.aeads);
        currentKeyId = fresh.currentKeyId;
        stamp = fresh.stamp;
        LOG.info("master keyset file '{}' was changed; reloaded: keys {}, current '{}'", file, keys.keySet(),
                currentKeyId);
    }

    /** The keyset file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized String currentKeyId() {
        reloadIfReplaced();
        return currentKeyId;
    }

    /** Ids of all keys in the file, sorted. */
    public synchronized SortedSet<String> keyIds() {
        reloadIfReplaced();
        return Collections.unmodifiableSortedSet(new TreeSet<>(keys.keySet()));
    }

    /** Adds a fresh key named {@code keyId} (not yet current) and saves the file. */
    public synchronized void addKey(String keyId) {
        reloadIfReplaced();
        checkKeyId(keyId);
        if (keys.containsKey(keyId)) {
            throw new IllegalArgumentException("master key '" + keyId + "' already exists in '" + file + "'");
        }
        try {
            KeysetHandle key = newKey();
            keys.put(keyId, key);
            aeads.put(keyId, key.getPrimitive(TinkRegistration.configuration(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unable to generate an aes256-gcm master key", e);
        }
        persistOrUndo(() -> {
            keys.remove(keyId);
            aeads.remove(keyId);
        });
        LOG.info("added master key '{}' to '{}'", keyId, file);
    }

    /** Makes {@code keyId} the key that new wraps use, and saves the file. */
    public synchronized void makeCurrent(String keyId) {
        reloadIfReplaced();
        requireKey(keyId);
        String previous = currentKeyId;
        currentKeyId = keyId;
        persistOrUndo(() -> currentKeyId = previous);
        LOG.info("master key '{}' is now current in '{}' (was '{}')", keyId, file, previous);
    }

    /**
     * Retires key {@code keyId}: removes it from the file. Backups whose data keys it still wraps become unreadable,
     * so run a rotation on every location first. The current key cannot be removed.
     */
    public synchronized void removeKey(String keyId) {
        reloadIfReplaced();
        requireKey(keyId);
        if (keyId.equals(currentKeyId)) {
            throw new IllegalArgumentException("master key '" + keyId + "' is current in '" + file
                    + "'; make another key current before removing it");
        }
        KeysetHandle key = keys.remove(keyId);
        Aead aead = aeads.remove(keyId);
        persistOrUndo(() -> {
            keys.put(keyId, key);
            aeads.put(keyId, aead);
        });
        LOG.info("removed master key '{}' from '{}'", keyId, file);
    }

    @Override
    public byte[] wrap(String keyId, byte[] secret, byte[] context) {
        try {
            return aead(keyId).encrypt(secret, context);
        } catch (GeneralSecurityException e) {
            throw new MasterKeyException(Reason.REJECTED, "master key '" + keyId + "' in '" + file
                    + "' failed to wrap a secret", null);
        }
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped, byte[] context) {
        Aead aead = aead(keyId);
        try {
            return aead.decrypt(wrapped, context);
        } catch (GeneralSecurityException e) {
            // Tink prefixes each ciphertext with its key's id: a different prefix means a different key
            if (!wrappedBy(keyId, wrapped)) {
                throw new MasterKeyException(Reason.REJECTED, "master key '" + keyId + "' in '" + file
                        + "' is not the key that wrapped this secret (a different key under the same id)", null);
            }
            throw new MasterKeyException(Reason.ALTERED, "master key '" + keyId + "' in '" + file
                    + "' does not unwrap this secret: the wrapped bytes were altered or belong elsewhere", null);
        }
    }

    private synchronized boolean wrappedBy(String keyId, byte[] wrapped) {
        KeysetHandle key = keys.get(keyId);
        if (key == null || !(key.getPrimary().getKey() instanceof AeadKey aeadKey)) {
            return false;
        }
        byte[] prefix = aeadKey.getOutputPrefix().toByteArray();
        return wrapped.length >= prefix.length
                && Arrays.equals(prefix, Arrays.copyOf(wrapped, prefix.length));
    }

    private synchronized Aead aead(String keyId) {
        reloadIfReplaced();
        Aead aead = aeads.get(keyId);
        if (aead == null) {
            throw new MasterKeyException(Reason.UNKNOWN_KEY, "master key '" + keyId + "' is not in '" + file
                    + "' (keys: " + keys.keySet() + ")", null);
        }
        return aead;
    }

    private void requireKey(String keyId) {
        if (!keys.containsKey(keyId)) {
            throw new MasterKeyException(Reason.UNKNOWN_KEY, "master key '" + keyId + "' is not in '" + file
                    + "' (keys: " + keys.keySet() + ")", null);
        }
    }

    private void persistOrUndo(Runnable undo) {
        try {
            persist(false);
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
    }

    private void persist(boolean createNew) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("currentKeyId", currentKeyId);
        ObjectNode keyNodes = root.putObject("keys");
        try {
            for (Map.Entry<String, KeysetHandle> key : keys.entrySet()) {
                ObjectNode entry = keyNodes.putObject(key.getKey());
                entry.set("keyset", JSON.readTree(
                        TinkJsonProtoKeysetFormat.serializeKeyset(key.getValue(), InsecureSecretKeyAccess.get())));
                entry.put("check", Base64.getEncoder().encodeToString(aeads.get(key.getKey())
                        .encrypt(CHECK_TEXT, key.getKey().getBytes(StandardCharsets.UTF_8))));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unable to serialize master keys for '" + file + "'", e);
        }
        byte[] bytes = JSON.writeValueAsBytes(root);
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            createOwnerOnly(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (createNew) {
                // a link fails if the target exists: two concurrent createFile calls cannot both win
                Files.createLink(file, temp);
                Files.delete(temp);
            } else {
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            stamp = FileStamp.of(file);
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(temp);
            throw new MasterKeyException(Reason.KEYSET_INVALID, "master keyset file '" + file
                    + "' already exists; load it instead of creating it", null);
        } catch (UnsupportedOperationException e) {
            deleteQuietly(temp);
            persistWithoutLink(bytes);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new MasterKeyException(Reason.KEYSET_INVALID, "unable to write master keyset file '" + file
                    + "': " + e.getClass().getSimpleName(), null);
        }
    }

    private void persistWithoutLink(byte[] bytes) {
        try {
            createOwnerOnly(file);
            Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            stamp = FileStamp.of(file);
        } catch (IOException e) {
            throw new MasterKeyException(Reason.KEYSET_INVALID, "unable to write master keyset file '" + file
                    + "': " + e.getClass().getSimpleName(), null);
        }
    }

    private static void createOwnerOnly(Path path) throws IOException {
        if (Files.getFileAttributeView(path.getParent() == null ? path : path.getParent(),
                PosixFileAttributeView.class) != null) {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(path);
        }
    }

    private static void warnIfOthersCanRead(Path source) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(source, PosixFileAttributeView.class);
            if (view != null && !OWNER_ONLY.containsAll(view.readAttributes().permissions())) {
                LOG.warn("master keyset file '{}' is accessible to group or others; restrict it to its owner"
                        + " (chmod 600)", source);
            }
        } catch (IOException e) {
            LOG.debug("unable to read permissions of '{}'", source);
        }
    }

    private static void checkKey(Path source, String keyId, KeysetHandle key, JsonNode check) {
        boolean matches;
        try {
            byte[] text = key.getPrimitive(TinkRegistration.configuration(), Aead.class)
                    .decrypt(Base64.getDecoder().decode(check.isString() ? check.stringValue() : ""),
                            keyId.getBytes(StandardCharsets.UTF_8));
            matches = Arrays.equals(text, CHECK_TEXT);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            matches = false;
        }
        if (!matches) {
            throw invalid(source, "has key '" + keyId + "' that fails its check value: the key or its check was"
                    + " damaged");
        }
    }

    private static KeysetHandle parseKey(Path source, String keyId, JsonNode node) {
        if (!node.isObject()) {
            throw invalid(source, "has key '" + keyId + "' without a tink json keyset");
        }
        KeysetHandle key;
        try {
            key = TinkJsonProtoKeysetFormat.parseKeyset(JSON.writeValueAsString(node), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // no cause and no message from the parser: it may quote key bytes
            throw invalid(source, "has key '" + keyId + "' that is not a valid aes256-gcm tink keyset");
        }
        if (key.size() != 1 || !(key.getPrimary().getKey().getParameters() instanceof AesGcmParameters p)
                || p.getKeySizeBytes() != 32) {
            throw invalid(source, "has key '" + keyId + "' that is not a valid aes256-gcm tink keyset");
        }
        return key;
    }

    private static KeysetHandle newKey() throws GeneralSecurityException {
        TinkRegistration.configuration();
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static void checkKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("invalid master key id '" + keyId
                    + "' (letters, digits, '.', '_', '-'; at most 64)");
        }
    }

    private static MasterKeyException invalid(Path source, String problem) {
        return new MasterKeyException(Reason.KEYSET_INVALID, "master keyset file '" + source + "' " + problem, null);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover hidden temporary file is never loaded as the keyset
        }
    }

    @Override
    public synchronized String toString() {
        return "LocalKeysetMasterKeys[file=" + file + ", keys=" + keys.keySet() + ", current=" + currentKeyId + "]";
    }
}
