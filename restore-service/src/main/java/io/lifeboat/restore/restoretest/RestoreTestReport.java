package io.lifeboat.restore.restoretest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The documentation of one restore test (policy 7.3): test plan (objectives, scope, steps), results (outcome,
 * observations), issues log and improvements.
 *
 * @param backupId       the backup tested; empty when none was eligible
 * @param objectKey      the dump object restored, for integrity findings
 * @param mismatches     "schema.table: what differs" for every table that did not match
 * @param smokeQueries   every smoke query of the policy run against the restore, whether it passed, and its result
 *                       or error
 */
public record RestoreTestReport(String testId, Trigger trigger, String requestedBy, long seed,
                                Optional<String> backupId, String objectKey, String sourceLocation,
                                Instant startedAt, List<String> objectives, String scope, List<Step> steps,
                                Outcome outcome, int tablesChecked, List<String> mismatchingTables,
                                List<String> mismatches, List<SmokeQuery> smokeQueries, long durationMillis,
                                long rtoMillis, boolean rtoMet, List<String> observations, List<String> issues,
                                List<String> improvements, List<String> reportKeys) {

    /** What started the test. */
    public enum Trigger {
        SCHEDULED, ON_DEMAND
    }

    /** PASSED: every table matches and every smoke query ran; FAILED: data or a query did not; ERROR: not run. */
    public enum Outcome {
        PASSED, FAILED, ERROR
    }

    /** How a step ended. */
    public enum StepOutcome {
        OK, FAILED, SKIPPED
    }

    /** One step of the procedure with its timing. */
    public record Step(String name, Instant startedAt, long millis, StepOutcome outcome, String detail) {
    }

    /** A smoke query and what it returned, or its error. */
    public record SmokeQuery(String sql, boolean passed, String result) {
    }

    public RestoreTestReport {
        objectives = List.copyOf(objectives);
        steps = List.copyOf(steps);
        mismatchingTables = List.copyOf(mismatchingTables);
        mismatches = List.copyOf(mismatches);
        smokeQueries = List.copyOf(smokeQueries);
        observations = List.copyOf(observations);
        issues = List.copyOf(issues);
        improvements = List.copyOf(improvements);
        reportKeys = List.copyOf(reportKeys);
    }

    public boolean green() {
        return outcome == Outcome.PASSED;
    }

    /** This report with the keys it was stored under. */
    RestoreTestReport storedAt(List<String> keys) {
        return new RestoreTestReport(testId, trigger, requestedBy, seed, backupId, objectKey, sourceLocation,
                startedAt, objectives, scope, steps, outcome, tablesChecked, mismatchingTables, mismatches,
                smokeQueries, durationMillis, rtoMillis, rtoMet, observations, issues, improvements, keys);
    }

    /** One line for logs and event details. */
    public String summary() {
        String what = backupId.map(b -> "backup " + b).orElse("no backup");
        return switch (outcome) {
            case PASSED -> what + ": all " + tablesChecked + " tables match and " + smokeQueries.size()
                    + " smoke queries ran";
            case FAILED -> what + ": " + String.join("; ", issues);
            case ERROR -> what + ": test could not be carried out: " + String.join("; ", issues);
        };
    }
}
