package io.lifeboat.restore.restoretest;

import io.lifeboat.format.storage.Storage;
import io.lifeboat.restore.restoretest.RestoreTestReport.SmokeQuery;
import io.lifeboat.restore.restoretest.RestoreTestReport.Step;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps restore-test documentation: {@code restore-tests/<yyyy-MM>/<testId>.json} (machine-readable, the report
 * record as is) and {@code .md} (for people and auditors) in a storage location.
 */
public final class ReportStore {

    static final String PREFIX = "restore-tests/";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Storage storage;

    public ReportStore(Storage storage) {
        this.storage = storage;
    }

    /** Stores both documents and returns the report with their keys. */
    public RestoreTestReport store(RestoreTestReport report) {
        String base = PREFIX + MONTH.format(report.startedAt()) + "/" + report.testId();
        RestoreTestReport stored = report.storedAt(List.of(base + ".json", base + ".md"));
        storage.put(base + ".json", new ByteArrayInputStream(JSON.writeValueAsBytes(stored)));
        storage.put(base + ".md", new ByteArrayInputStream(markdown(stored).getBytes(StandardCharsets.UTF_8)));
        return stored;
    }

    /**
     * Whether a restore test that started at or after {@code since} (and not after {@code until}) is documented here.
     * Reads the JSON reports of the months between the two; one that cannot be read does not count.
     */
    public boolean hasTestStartedBetween(Instant since, Instant until) {
        YearMonth month = YearMonth.from(since.atZone(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(until.atZone(ZoneOffset.UTC));
        for (; !month.isAfter(last); month = month.plusMonths(1)) {
            for (String key : storage.list(PREFIX + month + "/")) {
                if (key.endsWith(".json")) {
                    Instant started = startedAt(key);
                    if (started != null && !started.isBefore(since) && !started.isAfter(until)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Instant startedAt(String key) {
        try (InputStream in = storage.open(key)) {
            JsonNode started = JSON.readTree(in).get("startedAt");
            if (started == null) {
                return null;
            }
            if (started.isNumber()) {
                BigDecimal seconds = started.decimalValue();
                return Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            }
            return Instant.parse(started.asString());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String markdown(RestoreTestReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Restore test ").append(r.testId()).append(": ").append(r.outcome()).append("\n\n");
        md.append("POL-ISMS-008 7.2 monthly restore test, documented as 7.3 asks.\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Started", r.startedAt().toString());
        row(md, "Trigger", r.trigger() + " by " + r.requestedBy());
        row(md, "Backup", r.backupId().orElse("none eligible"));
        row(md, "Random seed", Long.toString(r.seed()));
        row(md, "Copy used", r.sourceLocation());
        row(md, "Duration", r.durationMillis() + " ms (RTO " + r.rtoMillis() + " ms, "
                + (r.rtoMet() ? "met" : "not met") + ")");
        md.append("\n## Test plan\n\n### Objectives\n\n");
        r.objectives().forEach(o -> md.append("- ").append(o).append('\n'));
        md.append("\n### Scope\n\n").append(r.scope()).append("\n\n### Procedure and timings\n\n");
        md.append("| # | Step | Outcome | Time (ms) | Detail |\n|---|---|---|---|---|\n");
        int i = 1;
        for (Step s : r.steps()) {
            md.append("| ").append(i++).append(" | ").append(cell(s.name())).append(" | ").append(s.outcome())
                    .append(" | ").append(s.millis()).append(" | ").append(cell(s.detail())).append(" |\n");
        }
        md.append("\n## Test results\n\n**").append(r.outcome() == RestoreTestReport.Outcome.PASSED ? "PASS" : "FAIL")
                .append("** (").append(r.outcome()).append("): ").append(r.summary()).append("\n\n");
        md.append("Tables checked against the manifest's fingerprints: ").append(r.tablesChecked()).append("\n\n");
        if (!r.smokeQueries().isEmpty()) {
            md.append("| Smoke query | Passed | Result |\n|---|---|---|\n");
            for (SmokeQuery q : r.smokeQueries()) {
                md.append("| `").append(cell(q.sql())).append("` | ").append(q.passed() ? "yes" : "no").append(" | ")
                        .append(cell(q.result())).append(" |\n");
            }
            md.append('\n');
        }
        md.append("### Observations\n\n");
        list(md, r.observations());
        md.append("\n## Issues log\n\n");
        list(md, r.issues());
        md.append("\n## Improvements\n\n");
        list(md, r.improvements());
        return md.toString();
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(cell(value)).append(" |\n");
    }

    private static void list(StringBuilder md, List<String> items) {
        if (items.isEmpty()) {
            md.append("- none\n");
        }
        items.forEach(item -> md.append("- ").append(item).append('\n'));
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
