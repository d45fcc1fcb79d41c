package io.lifeboat.format.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.admin.MasterKeysCli.Exit;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.fixtures.GeneratedInputStream;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectReader;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeysCliTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Exit run(String... args) {
        out.reset();
        err.reset();
        return MasterKeysCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void createsOnceAndLeavesAnExistingKeysetAloneWhenAsked() throws Exception {
        Path file = dir.resolve("keys/master-keys.json");
        Files.createDirectories(file.getParent());
        assertThat(run("create", file.toString())).isEqualTo(Exit.OK);
        byte[] created = Files.readAllBytes(file);

        assertThat(run("create", file.toString(), "--if-absent")).isEqualTo(Exit.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("left as it is");
        assertThat(run("create", file.toString())).isEqualTo(Exit.FAILED);
        assertThat(Files.readAllBytes(file)).isEqualTo(created);

        assertThat(run("list", file.toString())).isEqualTo(Exit.OK);
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("mk-1 (current)");
    }

    @Test
    void rotationRewrapsEveryManifestSoBackupsReadAfterTheOldKeyIsRemoved() throws Exception {
        Path file = dir.resolve("master-keys.json");
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(file);
        FilesystemStorage storage = new FilesystemStorage(dir.resolve("repo"));
        DataKey dataKey = DataKey.generate();
        var object = new io.lifeboat.format.object.ObjectWriter().write(storage,
                RepositoryLayout.objectKey("DATABASE_DUMP", "b-1", "dump"), new GeneratedInputStream(100_000, 7),
                dataKey);
        new ManifestStore(keys).write(storage, new Manifest(Manifest.FORMAT_VERSION, "b-1", "DATABASE_DUMP", "db",
                Instant.EPOCH, Instant.EPOCH, List.of(object), Map.of(), Map.of())
                .withEncryption(dataKey.wrap(keys, "b-1")));

        assertThat(run("rotate", file.toString(), "mk-2", storage.root().toUri().toString())).isEqualTo(Exit.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rewrapped 1");

        LocalKeysetMasterKeys rotated = LocalKeysetMasterKeys.load(file);
        rotated.removeKey("mk-1");
        ManifestStore store = new ManifestStore(rotated);
        Manifest manifest = store.read(storage, RepositoryLayout.manifestKey("DATABASE_DUMP", "b-1"));
        try (InputStream in = ObjectReader.open(storage, manifest.objects().get(0), store.dataKey(manifest))) {
            assertThat(DigestingInputStream.drain(in).sha256()).isEqualTo(GeneratedInputStream.sha256(100_000, 7));
        }
    }

    @Test
    void aMissingKeysetIsAClearFailureAndBadUsageSaysHow() {
        assertThat(run("list", dir.resolve("none.json").toString())).isEqualTo(Exit.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("none.json");
        assertThat(run("rotate", "x")).isEqualTo(Exit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
