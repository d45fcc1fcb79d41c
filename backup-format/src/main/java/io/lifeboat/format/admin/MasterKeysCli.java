package io.lifeboat.format.admin;

import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.manifest.KeyRotation;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code create FILE [--if-absent]} writes a new keyset with one fresh key; {@code list FILE} prints the key ids and
 * which is current (never key material); {@code rotate FILE NEW_KEY_ID URL...} adds a key, makes it current and
 * re-wraps the data key of every manifest at each location, so old backups stay readable under the new key.
 */
public final class MasterKeysCli {

    /** Exit codes. */
    enum Exit {
        OK(0), FAILED(1), USAGE(2);

        final int code;

        Exit(int code) {
            this.code = code;
        }
    }

    private static final String USAGE = "usage: create FILE [--if-absent] | list FILE | rotate FILE NEW_KEY_ID URL...";

    private MasterKeysCli() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err).code);
    }

    static Exit run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() < 2) {
            err.println(USAGE);
            return Exit.USAGE;
        }
        Path file = Path.of(args.get(1));
        try {
            switch (args.get(0)) {
                case "create" -> create(file, args.subList(2, args.size()).contains("--if-absent"), out);
                case "list" -> list(file, out);
                case "rotate" -> {
                    if (args.size() < 4) {
                        err.println(USAGE);
                        return Exit.USAGE;
                    }
                    return rotate(file, args.get(2), args.subList(3, args.size()), out);
                }
                default -> {
                    err.println("unknown command '" + args.get(0) + "'; " + USAGE);
                    return Exit.USAGE;
                }
            }
            return Exit.OK;
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            return Exit.FAILED;
        }
    }

    private static void create(Path file, boolean ifAbsent, PrintStream out) {
        if (ifAbsent && Files.exists(file)) {
            LocalKeysetMasterKeys.load(file);
            out.println("keyset '" + file + "' exists and loads; left as it is");
            return;
        }
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(file);
        out.println("created keyset '" + file + "' with key " + keys.currentKeyId());
    }

    private static void list(Path file, PrintStream out) {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.load(file);
        for (String id : keys.keyIds()) {
            out.println(id + (id.equals(keys.currentKeyId()) ? " (current)" : ""));
        }
    }

    private static Exit rotate(Path file, String newKeyId, List<String> urls, PrintStream out) {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.load(file);
        if (!keys.keyIds().contains(newKeyId)) {
            keys.addKey(newKeyId);
        }
        keys.makeCurrent(newKeyId);
        KeyRotation rotation = new KeyRotation(keys);
        boolean failed = false;
        for (String url : urls) {
            KeyRotation.Report report = rotation.rewrapAll(
                    new StorageLocation("rotation", StorageTier.PRIMARY, url).open());
            out.println(url + ": " + Arrays.stream(KeyRotation.Outcome.values())
                    .map(o -> o.name().toLowerCase() + " " + report.count(o)).toList());
            failed |= report.count(KeyRotation.Outcome.FAILED) > 0;
        }
        return failed ? Exit.FAILED : Exit.OK;
    }
}
