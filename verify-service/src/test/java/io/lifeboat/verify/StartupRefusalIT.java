package io.lifeboat.verify;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing or wrong policy or keyset file stops start-up with the loader's message, before any broker is needed. */
class StartupRefusalIT {

    @TempDir
    Path work;

    @Test
    void aMissingPolicyFileStopsStartUpNamingIt() {
        Path keys = work.resolve("keys.json");
        LocalKeysetMasterKeys.createFile(keys);
        assertThatThrownBy(() -> start(work.resolve("no-policy.yml"), keys))
                .hasStackTraceContaining("policy file '" + work.resolve("no-policy.yml") + "' does not exist");
    }

    @Test
    void aWrongPolicyValueStopsStartUpNamingTheKey() throws Exception {
        Path policy = work.resolve("policy.yml");
        Files.writeString(policy, Files.readString(Path.of("../config/policy.yml"))
                .replace("daily-byte-budget: 500GB", "daily-byte-budget: lots"));
        Path keys = work.resolve("keys.json");
        LocalKeysetMasterKeys.createFile(keys);
        assertThatThrownBy(() -> start(policy, keys)).hasStackTraceContaining("daily-byte-budget");
    }

    @Test
    void aMissingKeysetFileStopsStartUpNamingIt() {
        assertThatThrownBy(() -> start(Path.of("../config/policy.yml"), work.resolve("no-keys.json")))
                .hasStackTraceContaining("no-keys.json");
    }

    @Test
    void aReplayWaitLongerThanTheBindingsMayGoBetweenPollsStopsStartUpNamingTheKey() {
        Path keys = work.resolve("keys.json");
        LocalKeysetMasterKeys.createFile(keys);
        assertThatThrownBy(() -> start(Path.of("../config/policy.yml"), keys, "--lifeboat.verify.replay-wait=20m"))
                .hasStackTraceContaining("replayWait");
    }

    private void start(Path policy, Path keys, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=127.0.0.1:1",
                "--lifeboat.schema-registry.url=http://127.0.0.1:1",
                "--lifeboat.schema-registry.startup-wait=1s",
                "--lifeboat.policy.file=" + policy,
                "--lifeboat.keys.keyset-file=" + keys,
                "--lifeboat.verify.locations[0].name=primary",
                "--lifeboat.verify.locations[0].tier=PRIMARY",
                "--lifeboat.verify.locations[0].url=" + work.resolve("primary").toUri()));
        args.addAll(List.of(more));
        VerifyServiceApplication.builder().run(args.toArray(String[]::new)).close();
    }
}
