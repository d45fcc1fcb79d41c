package io.lifeboat.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Key material never shows in toString(), logs, exception messages or their causes. */
class SecretsStayHiddenTest {

    @TempDir
    Path temp;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(logs);
        root.setLevel(Level.INFO);
    }

    @Test
    void keysetFileMaterialStaysOutOfToStringLogsAndLoadErrors() throws IOException {
        Path file = temp.resolve("master-keys.json");
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(file);
        keys.addKey("mk-2");
        keys.makeCurrent("mk-2");
        List<String> secrets = KeyMaterial.ofKeysetFile(file);
        String good = Files.readString(file);
        List<String> seen = new ArrayList<>();
        seen.add(keys.toString());
        seen.add(LocalKeysetMasterKeys.load(file).toString());

        // damage the file right inside a key value, so that a parser error would quote key material
        String keyValue = secrets.get(0);
        for (String damaged : List.of(
                good.replace(keyValue, keyValue.substring(0, 20) + "\" garbage " + keyValue.substring(20)),
                good.replace(keyValue, keyValue.substring(0, 30) + (keyValue.charAt(30) == 'A' ? 'B' : 'A')
                        + keyValue.substring(31)),
                good.replace("\"" + keyValue + "\"", keyValue),
                good.substring(0, good.indexOf(keyValue) + 30))) {
            Files.writeString(file, damaged);
            Throwable failure = catchThrowable(() -> LocalKeysetMasterKeys.load(file));
            assertThat(failure).as(damaged).isInstanceOf(MasterKeyException.class);
            seen.add(LocalKeysetMasterKeysTest.stackTrace(failure));
        }
        logs.list.forEach(event -> seen.add(event.getFormattedMessage()));

        assertThat(logs.list).isNotEmpty();
        for (String text : seen) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    @Test
    void dataKeyMaterialStaysOutOfToStringAndUnwrapErrors() {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(temp.resolve("k.json"));
        LocalKeysetMasterKeys otherKeys = LocalKeysetMasterKeys.createFile(temp.resolve("other.json"));
        DataKey dataKey = DataKey.generate();
        List<String> secrets = KeyMaterial.ofDataKey(dataKey);
        WrappedDataKey wrapped = dataKey.wrap(keys, "b-1");
        List<String> seen = new ArrayList<>(List.of(dataKey.toString(), wrapped.toString()));
        seen.add(LocalKeysetMasterKeysTest.stackTrace(catchThrowable(() -> DataKey.unwrap(wrapped, otherKeys, "b-1"))));
        seen.add(LocalKeysetMasterKeysTest.stackTrace(catchThrowable(() -> DataKey.unwrap(wrapped, keys, "b-2"))));
        seen.add(LocalKeysetMasterKeysTest.stackTrace(catchThrowable(() -> DataKey.unwrap(
                new WrappedDataKey("mk-1", "not base64!"), keys, "b-1"))));
        logs.list.forEach(event -> seen.add(event.getFormattedMessage()));

        assertThat(wrapped.toString()).doesNotContain(wrapped.wrappedDataKey());
        for (String text : seen) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
        // the check is only meaningful if the secrets really are the key: 32 raw bytes, inside the serialized key
        assertThat(secrets.get(2)).hasSize(64);
        assertThat(secrets.get(1)).contains(secrets.get(2));
    }
}
