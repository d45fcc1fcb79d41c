package io.lifeboat.format.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.crypto.MasterKeyException.Reason;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeysetMasterKeysTest {

    private static final byte[] SECRET = "a data key".getBytes(UTF_8);
    private static final byte[] CONTEXT = "backup b-1".getBytes(UTF_8);

    @TempDir
    Path temp;

    @Test
    void createdFileLoadsAndUnwrapsWhatItWrapped() {
        Path file = temp.resolve("keys/master-keys.json");
        LocalKeysetMasterKeys created = LocalKeysetMasterKeys.createFile(file);
        byte[] wrapped = created.wrap(created.currentKeyId(), SECRET, CONTEXT);

        LocalKeysetMasterKeys loaded = LocalKeysetMasterKeys.load(file);

        assertThat(loaded.currentKeyId()).isEqualTo(LocalKeysetMasterKeys.FIRST_KEY_ID);
        assertThat(loaded.keyIds()).containsExactly("mk-1");
        assertThat(loaded.unwrap("mk-1", wrapped, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void createdFileIsReadableByItsOwnerOnly() throws IOException {
        Path file = temp.resolve("master-keys.json");
        LocalKeysetMasterKeys.createFile(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void creatingOverAnExistingFileIsRefused() {
        Path file = temp.resolve("master-keys.json");
        LocalKeysetMasterKeys first = LocalKeysetMasterKeys.createFile(file);
        byte[] wrapped = first.wrap("mk-1", SECRET, CONTEXT);

        assertThatThrownBy(() -> LocalKeysetMasterKeys.createFile(file))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEYSET_INVALID))
                .hasMessageContaining("'" + file + "'").hasMessageContaining("already exists");
        assertThat(LocalKeysetMasterKeys.load(file).unwrap("mk-1", wrapped, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void loadingAMissingFileNamesItAndSaysHowToCreateIt() {
        Path file = temp.resolve("nowhere.json");

        assertThatThrownBy(() -> LocalKeysetMasterKeys.load(file))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEYSET_INVALID))
                .hasMessage("master keyset file '" + file + "' does not exist (create it once with"
                        + " LocalKeysetMasterKeys.createFile)");
        assertThat(file).doesNotExist();
    }

    @Test
    void loadingSomethingUnreadableNamesItAndTheProblem() throws IOException {
        Path directory = Files.createDirectory(temp.resolve("a-directory.json"));

        assertThatThrownBy(() -> LocalKeysetMasterKeys.load(directory))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageStartingWith("master keyset file '" + directory + "' is not readable");
    }

    @Test
    void wrongFilesAreRejectedWithAMessageThatNamesTheProblem() throws IOException {
        Path file = temp.resolve("master-keys.json");
        LocalKeysetMasterKeys.createFile(file);
        String good = Files.readString(file);

        assertLoadFails(file, "", "is empty");
        assertLoadFails(file, "{ \"format\": ", "is not valid json (line 1, column");
        assertLoadFails(file, "[1, 2]", "is not a json object");
        assertLoadFails(file, "{\"format\": \"something-else\"}", "is not a lifeboat master keyset");
        assertLoadFails(file, good.replace("\"version\" : 1", "\"version\" : 7"), "has an unknown version");
        assertLoadFails(file, good.replace("\"currentKeyId\" : \"mk-1\"", "\"currentKeyId\" : \"mk-9\""),
                "names current key 'mk-9', which is not among its keys [mk-1]");
        assertLoadFails(file, good.replaceFirst("\"value\" : \"[^\"]+\"", "\"value\" : \"AAAA\""),
                "has key 'mk-1' that is not a valid aes256-gcm tink keyset");
        assertLoadFails(file, good.replace("\"keyset\"", "\"keys3t\""), "has key 'mk-1' without a tink json keyset");
        String value = KeyMaterial.ofKeysetFile(file).get(0);
        String damaged = value.substring(0, 10) + (value.charAt(10) == 'A' ? 'B' : 'A') + value.substring(11);
        assertLoadFails(file, good.replace(value, damaged), "has key 'mk-1' that fails its check value");
    }

    @Test
    void aKeysetOfAnotherKindIsNotAcceptedAsAMasterKey() throws Exception {
        Path file = temp.resolve("master-keys.json");
        LocalKeysetMasterKeys.createFile(file);
        String streamingKeyset = com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(
                com.google.crypto.tink.KeysetHandle.generateNew(
                        com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB),
                com.google.crypto.tink.InsecureSecretKeyAccess.get());
        String content = "{\"format\": \"lifeboat-master-keys\", \"version\": 1, \"currentKeyId\": \"mk-1\","
                + " \"keys\": {\"mk-1\": {\"keyset\": " + streamingKeyset + ", \"check\": \"\"}}}";

        assertLoadFails(file, content, "has key 'mk-1' that is not a valid aes256-gcm tink keyset");
    }

    @Test
    void unknownKeyIdIsUnknownKey() {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(temp.resolve("k.json"));

        assertThatThrownBy(() -> keys.unwrap("mk-7", new byte[40], CONTEXT))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY))
                .hasMessageContaining("'mk-7'");
    }

    @Test
    void anotherKeyUnderTheSameIdIsRejectedAndAlteredBytesAreAltered() {
        LocalKeysetMasterKeys mine = LocalKeysetMasterKeys.createFile(temp.resolve("mine.json"));
        LocalKeysetMasterKeys theirs = LocalKeysetMasterKeys.createFile(temp.resolve("theirs.json"));
        byte[] wrapped = mine.wrap("mk-1", SECRET, CONTEXT);
        byte[] altered = wrapped.clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> theirs.unwrap("mk-1", wrapped, CONTEXT))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
        assertThatThrownBy(() -> mine.unwrap("mk-1", altered, CONTEXT))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED));
        assertThatThrownBy(() -> mine.unwrap("mk-1", wrapped, "backup b-2".getBytes(UTF_8)))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED));
    }

    @Test
    void addMakeCurrentAndRemoveArePersisted() {
        Path file = temp.resolve("k.json");
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(file);
        byte[] wrappedByOld = keys.wrap("mk-1", SECRET, CONTEXT);

        keys.addKey("mk-2");
        keys.makeCurrent("mk-2");

        LocalKeysetMasterKeys reloaded = LocalKeysetMasterKeys.load(file);
        assertThat(reloaded.keyIds()).containsExactly("mk-1", "mk-2");
        assertThat(reloaded.currentKeyId()).isEqualTo("mk-2");
        assertThat(reloaded.unwrap("mk-1", wrappedByOld, CONTEXT)).isEqualTo(SECRET);

        assertThatThrownBy(() -> reloaded.removeKey("mk-2")).hasMessageContaining("is current");
        reloaded.removeKey("mk-1");

        assertThat(LocalKeysetMasterKeys.load(file).keyIds()).containsExactly("mk-2");
        assertThatThrownBy(() -> LocalKeysetMasterKeys.load(file).unwrap("mk-1", wrappedByOld, CONTEXT))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
        try (var leftovers = Files.list(temp)) {
            assertThat(leftovers).containsExactly(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A running service and MasterKeysCli in another process share the file: after a rotation the service wraps with
     * the new current key, and after the old key's removal it no longer knows it, as if restarted. A file that cannot
     * be loaded leaves the keys loaded before in use.
     */
    @Test
    void aRunningInstanceFollowsChangesAnotherProcessMakesToTheFile() throws IOException {
        Path file = temp.resolve("k.json");
        LocalKeysetMasterKeys service = LocalKeysetMasterKeys.createFile(file);
        byte[] wrappedByOld = service.wrap("mk-1", SECRET, CONTEXT);
        LocalKeysetMasterKeys cli = LocalKeysetMasterKeys.load(file);

        cli.addKey("mk-2");
        cli.makeCurrent("mk-2");

        assertThat(service.currentKeyId()).isEqualTo("mk-2");
        assertThat(service.keyIds()).containsExactly("mk-1", "mk-2");
        byte[] wrappedByNew = service.wrap("mk-2", SECRET, CONTEXT);
        assertThat(cli.unwrap("mk-2", wrappedByNew, CONTEXT)).isEqualTo(SECRET);
        assertThat(service.unwrap("mk-1", wrappedByOld, CONTEXT)).isEqualTo(SECRET);

        cli.removeKey("mk-1");

        assertThatThrownBy(() -> service.unwrap("mk-1", wrappedByOld, CONTEXT))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));

        Files.writeString(file, "{ \"format\": \"damaged\" }");

        assertThat(service.currentKeyId()).isEqualTo("mk-2");
        assertThat(service.unwrap("mk-2", wrappedByNew, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void keyIdsAreChecked() {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(temp.resolve("k.json"));

        for (String bad : List.of("", "../x", "has space", "-starts-with-dash")) {
            assertThatThrownBy(() -> keys.addKey(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void assertLoadFails(Path file, String content, String problem) throws IOException {
        Files.writeString(file, content);
        assertThatThrownBy(() -> LocalKeysetMasterKeys.load(file))
                .isInstanceOfSatisfying(MasterKeyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KEYSET_INVALID);
                    assertThat(e.getMessage()).startsWith("master keyset file '" + file + "' ").contains(problem);
                });
    }

    static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
