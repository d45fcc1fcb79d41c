package io.lifeboat.restore.messaging;

import io.lifeboat.events.common.Severity;
import io.lifeboat.events.restore.RestoreTestCompleted;
import io.lifeboat.events.restore.RestoreTestOutcome;
import io.lifeboat.events.restore.RestoreTestTrigger;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.events.verify.Finding;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.restore.restoretest.RestoreTestReport;
import io.lifeboat.restore.restoretest.RestoreTestReporter;
import io.lifeboat.schemas.alert.AlertIds;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.TopicSender;
import io.lifeboat.schemas.topic.Topics;
import org.springframework.stereotype.Component;

/**
 * Publishes a finished restore test: RestoreTestCompleted; IntegrityChecked kind RESTORE_TEST for the copy that was
 * restored; and, when the test is not green, a critical AlertRaised with the id of that copy's integrity incident
 * (so it joins what verify-service may have raised about the same copy).
 */
@Component
class RestoreTestPublisher implements RestoreTestReporter {

    private final TopicSender sender;
    private final EventHeaders headers;
    private final Policy policy;

    RestoreTestPublisher(TopicSender sender, EventHeaders headers, Policy policy) {
        this.sender = sender;
        this.headers = headers;
        this.policy = policy;
    }

    @Override
    public void completed(RestoreTestReport r) {
        String correlation = r.backupId().orElse(r.testId());
        sender.send(Topics.RESTORE_TEST_COMPLETED, r.testId(), RestoreTestCompleted.newBuilder()
                .setHeader(headers.next(correlation))
                .setTestId(r.testId())
                .setBackupId(r.backupId().orElse(null))
                .setSeed(r.seed())
                .setTrigger(RestoreTestTrigger.valueOf(r.trigger().name()))
                .setRequestedBy(r.requestedBy())
                .setOutcome(RestoreTestOutcome.valueOf(r.outcome().name()))
                .setSourceLocation(r.sourceLocation())
                .setTablesChecked(r.tablesChecked())
                .setMismatchingTables(r.mismatchingTables())
                .setSmokeQueriesFailed(r.smokeQueries().stream().filter(q -> !q.passed())
                        .map(q -> q.sql() + ": " + q.result()).toList())
                .setDurationMillis(r.durationMillis())
                .setRtoMillis(r.rtoMillis())
                .setRtoMet(r.rtoMet())
                .setReportKeys(r.reportKeys())
                .setDetail(r.summary())
                .build());
        if (r.backupId().isPresent() && !r.sourceLocation().equals("none")) {
            sender.send(Topics.INTEGRITY_CHECKED, r.backupId().get(), IntegrityChecked.newBuilder()
                    .setHeader(headers.next(correlation))
                    .setBackupId(r.backupId().get())
                    .setLocation(r.sourceLocation())
                    .setKind(CheckKind.RESTORE_TEST)
                    .setOutcome(r.mismatches().isEmpty() ? IntegrityOutcome.PASSED : IntegrityOutcome.CORRUPT)
                    .setFindings(r.mismatches().stream().map(m -> Finding.newBuilder().setObjectKey(r.objectKey())
                            .setOutcome(IntegrityOutcome.CORRUPT).setDetail("restored " + m).build()).toList())
                    .setBytesVerified(0)
                    .setDurationMillis(r.durationMillis())
                    .build());
        }
        if (!r.green()) {
            String subject = r.backupId().orElse("none");
            String location = r.sourceLocation();
            sender.send(Topics.ALERT_RAISED, AlertIds.integrity(subject, location), AlertRaised.newBuilder()
                    .setHeader(headers.next(correlation))
                    .setAlertId(AlertIds.integrity(subject, location))
                    .setSeverity(Severity.CRITICAL)
                    .setRule(AlertIds.BACKUP_INTEGRITY)
                    .setSubject("backup " + subject + " at " + location)
                    .setSummary("restore test " + r.testId() + " " + r.outcome() + ": " + r.summary())
                    .setObservedValue(r.mismatchingTables().isEmpty() ? r.outcome().name()
                            : "mismatching tables " + String.join(", ", r.mismatchingTables()))
                    .setThreshold("every table matches its fingerprint and every smoke query runs (10.2: 100%"
                            + " integrity)")
                    .setRunbookStep(policy.monitoring().integrity().runbook() + "; test report: "
                            + String.join(", ", r.reportKeys()))
                    .build());
        }
    }

}
