package io.lifeboat.restore.logical;

import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.logical.CopySelector.SelectedCopy;
import io.lifeboat.restore.logical.RestoreResult.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/** Restores a logical dump into a new database and proves, table by table, that the data came back. */
@Service
public class LogicalRestore {

    private final RestoreProperties properties;
    private final BackupCatalogue catalogue;
    private final Clock clock;

    public LogicalRestore(RestoreProperties properties, BackupCatalogue catalogue, Clock clock) {
        this.properties = properties;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    public RestoreResult restore(RestoreRequest request) {
        String location = "none";
        try {
            CatalogueEntry entry = catalogue.find(request.backupId()).orElseThrow(() -> new RestoreFailure(
                    "backup '" + request.backupId() + "' is not in the catalogue"));
            SelectedCopy copy = new CopySelector(properties.locations()).select(entry);
            location = copy.location().name();
            TargetDatabase target = new TargetDatabase(properties.target());
            target.create(request.targetDatabase());
            ManifestObject dump = copy.manifest().objects().get(0);
            try (InputStream in = copy.storage().open(dump.key())) {
                pgRestore(in, request.targetDatabase());
            }
            Map<String, TableFingerprint> restored = target.fingerprints(request.targetDatabase());
            List<String> mismatches = compare(copy.manifest().tables(), restored);
            Map<String, Long> rows = new TreeMap<>();
            restored.forEach((table, fp) -> rows.put(table, fp.rows()));
            if (!mismatches.isEmpty()) {
                return result(request, Outcome.FAILED, location, rows,
                        "restored data differs from the backup: " + String.join("; ", mismatches));
            }
            return result(request, Outcome.SUCCEEDED, location, rows, "all " + restored.size()
                    + " tables match the backup's fingerprints");
        } catch (RestoreFailure | IOException e) {
            return result(request, Outcome.FAILED, location, Map.of(), e.getMessage());
        }
    }

    private RestoreResult result(RestoreRequest request, Outcome outcome, String location, Map<String, Long> rows,
                                 String detail) {
        return new RestoreResult(request, outcome, location, Duration.between(request.requestedAt(), clock.instant()),
                properties.rto(), rows, detail);
    }

    static List<String> compare(Map<String, TableFingerprint> expected, Map<String, TableFingerprint> actual) {
        List<String> mismatches = new ArrayList<>();
        expected.forEach((table, fp) -> {
            TableFingerprint got = actual.get(table);
            if (got == null) {
                mismatches.add("table " + table + " is missing");
            } else if (got.rows() != fp.rows()) {
                mismatches.add("table " + table + " has " + got.rows() + " rows, expected " + fp.rows());
            } else if (!got.contentHash().equals(fp.contentHash())) {
                mismatches.add("table " + table + " content differs");
            }
        });
        actual.keySet().stream().filter(t -> !expected.containsKey(t))
                .forEach(t -> mismatches.add("table " + t + " is not in the backup"));
        return mismatches;
    }

    private void pgRestore(InputStream dump, String database) throws RestoreFailure {
        RestoreProperties.Target t = properties.target();
        List<String> command = List.of(PostgresTools.tool("pg_restore", properties.pgBinDirectory()).toString(),
                "--no-owner", "--no-privileges", "--exit-on-error", "--no-password",
                "-h", t.host(), "-p", Integer.toString(t.port()), "-U", t.user(), "-d", database);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (t.password() != null && !t.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", t.password());
        }
        try {
            Process process = builder.start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try (InputStream out = process.getInputStream()) {
                    return new String(out.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            try (OutputStream stdin = process.getOutputStream()) {
                dump.transferTo(stdin);
            } catch (IOException e) {
                process.destroyForcibly();
                throw new RestoreFailure("pg_restore stopped reading the dump: " + output.join().strip(), e);
            }
            if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new RestoreFailure("pg_restore into '" + database + "' failed: " + output.join().strip());
            }
        } catch (IOException e) {
            throw new RestoreFailure("cannot run pg_restore: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailure("interrupted while running pg_restore", e);
        }
    }
}
