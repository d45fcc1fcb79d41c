package io.lifeboat.runtime.demo;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.notify.NotificationDelivered;
import io.lifeboat.events.restore.RestoreCompleted;
import io.lifeboat.events.restore.RestoreOutcome;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.runtime.system.LocalSystem;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/** Runs the demonstration cycle against a started {@link LocalSystem}. */
public final class Demonstration implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RESTORED_DATABASE = "prosaas_restored";

    private final LocalSystem system;
    private final Consumer<String> say;
    private final TopicProbe<SpecificRecord> events;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<StepResult> results = new ArrayList<>();

    public Demonstration(LocalSystem system, Consumer<String> say) {
        this.system = system;
        this.say = say;
        AvroEventDeserializer deserializer = new AvroEventDeserializer(
                new SchemaRegistryClient(system.registry().url(), Duration.ofSeconds(5)));
        this.events = TopicProbe.start(system.broker().bootstrapServers(), deserializer,
                Topics.all().stream().map(Topic::name).toList());
        events.onRecord(seen -> say.accept("  event  " + (seen.value() == null
                ? seen.topic() + ": undecodable record" : EventLines.describe(seen.value()))));
        system.inbox().onDelivery(d -> say.accept("  inbox  on-call webhook received a notification ("
                + d.body().length() + " bytes, signature " + (d.signature() == null ? "none" : "present") + ")"));
    }

    /** Every event seen so far, for checks on the wire format. */
    public TopicProbe<SpecificRecord> events() {
        return events;
    }

    /** Runs all steps in order; a failed step stops the cycle. Returns every step's result. */
    public List<StepResult> run() {
        try {
            BackupCompleted backup = backup();
            verified(backup);
            corruptedCopyIsDetectedAndPagedOnce(backup);
            restoreMatchesSource(backup);
        } catch (StepFailed e) {
            // already recorded
        } catch (RuntimeException | IOException | InterruptedException | SQLException e) {
            record("unexpected error", false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return List.copyOf(results);
    }

    private BackupCompleted backup() throws IOException, InterruptedException {
        step("1. back up the database");
        String body = post(system.service("backup-service").url(), "/api/backups", null, "");
        String backupId = field(body, "backupId");
        BackupCompleted completed = (BackupCompleted) await(Topics.BACKUP_COMPLETED,
                v -> ((BackupCompleted) v).getBackupId().equals(backupId), "BackupCompleted for " + backupId);
        boolean allStored = completed.getCopies().size() == 3 && completed.getCopies().stream()
                .allMatch(c -> c.getStatus().name().equals("STORED"));
        return check("backup", allStored, completed, "backup " + backupId + " stored at "
                + completed.getCopies().size() + " locations");
    }

    private void verified(BackupCompleted backup) {
        step("2. verify every copy");
        List<IntegrityChecked> checks = new ArrayList<>();
        for (String location : List.of("primary", "secondary", "cold")) {
            checks.add((IntegrityChecked) await(Topics.INTEGRITY_CHECKED, v -> isCheck(v, backup, location),
                    "IntegrityChecked for " + location));
        }
        check("verification", checks.stream().allMatch(c -> c.getOutcome() == IntegrityOutcome.PASSED), checks,
                "all three copies PASSED");
    }

    private void corruptedCopyIsDetectedAndPagedOnce(BackupCompleted backup) throws IOException, InterruptedException {
        step("3. corrupt the primary copy, detect it, alert, page once");
        Path object = dumpObject(backup, "primary");
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
            say.accept("  flipped one byte at offset " + at + " of " + object);
        }
        post(system.service("verify-service").url(), "/api/verifications/" + backup.getBackupId(), null, "");
        IntegrityChecked failed = (IntegrityChecked) await(Topics.INTEGRITY_CHECKED, v -> isCheck(v, backup, "primary")
                && ((IntegrityChecked) v).getKind() == CheckKind.ON_DEMAND, "on-demand IntegrityChecked");
        check("corruption detected", failed.getOutcome() == IntegrityOutcome.CORRUPT, failed,
                "primary copy is " + failed.getOutcome());
        AlertRaised alert = (AlertRaised) await(Topics.ALERT_RAISED,
                v -> ((AlertRaised) v).getSubject().contains(backup.getBackupId()), "AlertRaised");
        check("alert raised", alert.getSeverity().name().equals("CRITICAL"), alert, "CRITICAL alert "
                + alert.getAlertId());
        await(Topics.NOTIFICATION_DELIVERED, v -> ((NotificationDelivered) v).getHeader().getCorrelationId()
                .equals(alert.getHeader().getCorrelationId()), "NotificationDelivered");
        Thread.sleep(2000); // let any duplicate page arrive before counting
        int received = system.inbox().deliveries().size();
        check("paged once", received == 1, received, "on-call inbox received " + received + " notification(s)");
    }

    private void restoreMatchesSource(BackupCompleted backup) throws IOException, InterruptedException,
            SQLException {
        step("4. restore into a new database and compare row counts with the source");
        String body = post(system.service("restore-service").url(), "/api/restores", system.operatorToken(),
                "{\"backupId\":\"" + backup.getBackupId() + "\",\"targetDatabase\":\"" + RESTORED_DATABASE + "\"}");
        String restoreId = field(body, "restoreId");
        RestoreCompleted restored = (RestoreCompleted) await(Topics.RESTORE_COMPLETED,
                v -> ((RestoreCompleted) v).getRestoreId().equals(restoreId), "RestoreCompleted");
        check("restore", restored.getOutcome() == RestoreOutcome.SUCCEEDED, restored, restored.getDetail());
        Map<String, Long> source = rowCounts(LocalSystem.SOURCE_DATABASE);
        Map<String, Long> target = rowCounts(RESTORED_DATABASE);
        source.forEach((table, rows) -> say.accept(String.format("  %-22s source %6d rows, restored %6d rows",
                table, rows, target.getOrDefault(table, -1L))));
        check("row counts", source.equals(target) && source.equals(new TreeMap<>(restored.getTableRowCounts())),
                target, "restored from the " + restored.getSourceLocation() + " copy; row counts equal the source's");
    }

    private static boolean isCheck(SpecificRecord v, BackupCompleted backup, String location) {
        IntegrityChecked c = (IntegrityChecked) v;
        return c.getBackupId().equals(backup.getBackupId()) && c.getLocation().equals(location);
    }

    private Path dumpObject(BackupCompleted backup, String location) throws IOException {
        Path dir = system.storage(location).resolve(backup.getManifestKey()).getParent().resolve("data");
        try (Stream<Path> files = Files.list(dir)) {
            return files.findFirst().orElseThrow(() -> new IOException("no data object under " + dir));
        }
    }

    private Map<String, Long> rowCounts(String database) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = system.postgres().connect(database); Statement s = c.createStatement()) {
            for (String table : io.lifeboat.infra.postgres.SampleSaasData.TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private SpecificRecord await(Topic<?> topic, java.util.function.Predicate<SpecificRecord> match, String what) {
        try {
            return events.await(topic.name(), match, WAIT).value();
        } catch (AssertionError e) {
            record(what, false, "not seen within " + WAIT.toSeconds() + " s");
            throw new StepFailed();
        }
    }

    private <T> T check(String name, boolean passed, T value, String detail) {
        record(name, passed, detail);
        if (!passed) {
            throw new StepFailed();
        }
        return value;
    }

    private void record(String name, boolean passed, String detail) {
        results.add(new StepResult(name, passed, detail));
        say.accept((passed ? "  PASS   " : "  FAIL   ") + name + ": " + detail);
    }

    private void step(String title) {
        say.accept("");
        say.accept(title);
    }

    private String post(URI base, String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            record("POST " + path, false, "HTTP " + response.statusCode() + ": " + response.body());
            throw new StepFailed();
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no '" + name + "' in " + json);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        events.close();
    }

    /** Ends the cycle after a recorded failure. */
    private static final class StepFailed extends RuntimeException {
        StepFailed() {
            super(null, null, false, false);
        }
    }
}
