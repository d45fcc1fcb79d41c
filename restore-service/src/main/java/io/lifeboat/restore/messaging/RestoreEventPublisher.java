package io.lifeboat.restore.messaging;

import io.lifeboat.events.restore.AccessAudited;
import io.lifeboat.events.restore.AccessDecision;
import io.lifeboat.events.restore.ChecklistItem;
import io.lifeboat.events.restore.DrClosed;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrPhaseCompleted;
import io.lifeboat.events.restore.DrTrigger;
import io.lifeboat.events.restore.RestoreCompleted;
import io.lifeboat.events.restore.RestoreMethod;
import io.lifeboat.events.restore.RestoreOutcome;
import io.lifeboat.restore.access.AccessAuditor;
import io.lifeboat.restore.config.RestoreProperties.Role;
import io.lifeboat.restore.dr.Declaration;
import io.lifeboat.restore.dr.DeclarationReporter;
import io.lifeboat.restore.dr.DrClosing;
import io.lifeboat.restore.dr.DrPhaseCompletion;
import io.lifeboat.restore.run.RestoreReporter;
import io.lifeboat.restore.run.RestoreResult;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.TopicSender;
import io.lifeboat.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Publishes restore-service's facts, each keyed by its aggregate id. */
@Component
class RestoreEventPublisher implements RestoreReporter, DeclarationReporter, AccessAuditor {

    private static final Logger audit = LoggerFactory.getLogger("io.lifeboat.restore.audit");

    private final TopicSender sender;
    private final EventHeaders headers;

    RestoreEventPublisher(TopicSender sender, EventHeaders headers) {
        this.sender = sender;
        this.headers = headers;
    }

    @Override
    public void report(RestoreResult result) {
        sender.send(Topics.RESTORE_COMPLETED, result.restoreId(), RestoreCompleted.newBuilder()
                .setHeader(headers.next(result.backupId()))
                .setRestoreId(result.restoreId())
                .setBackupId(result.backupId())
                .setMethod(RestoreMethod.valueOf(result.method().name()))
                .setOutcome(RestoreOutcome.valueOf(result.outcome().name()))
                .setTarget(result.target())
                .setSourceLocation(result.sourceLocation())
                .setRequestedBy(result.requestedBy())
                .setDurationMillis(result.duration().toMillis())
                .setRtoMillis(result.rto().toMillis())
                .setRtoMet(result.rtoMet())
                .setTableRowCounts(result.tableRowCounts())
                .setDetail(result.detail())
                .build());
    }

    @Override
    public void declared(Declaration d) {
        sender.send(Topics.DR_DECLARED, d.drId(), DrDeclared.newBuilder()
                .setHeader(headers.next(d.drId()))
                .setDrId(d.drId())
                .setTrigger(DrTrigger.valueOf(d.trigger().name()))
                .setDeclaredBy(d.declaredBy())
                .setReason(d.reason())
                .setDeclaredAt(d.declaredAt())
                .build());
    }

    @Override
    public void phaseCompleted(DrPhaseCompletion c) {
        sender.send(Topics.DR_PHASE_COMPLETED, c.drId(), DrPhaseCompleted.newBuilder()
                .setHeader(headers.next(c.drId()))
                .setDrId(c.drId())
                .setPhase(c.phase())
                .setPhaseIndex(c.index())
                .setChecklist(c.checklist().entrySet().stream()
                        .map(e -> new ChecklistItem(e.getKey(), e.getValue())).toList())
                .setCompletedBy(c.completedBy())
                .setCompletedAt(c.completedAt())
                .setElapsedMillis(c.elapsed().toMillis())
                .setDeadlineMillis(c.deadline().toMillis())
                .setWithinTimeBox(c.withinTimeBox())
                .setNotes(c.notes())
                .build());
    }

    @Override
    public void closed(DrClosing c) {
        sender.send(Topics.DR_CLOSED, c.drId(), DrClosed.newBuilder()
                .setHeader(headers.next(c.drId()))
                .setDrId(c.drId())
                .setClosedBy(c.closedBy())
                .setClosedAt(c.closedAt())
                .setDurationMillis(c.duration().toMillis())
                .setPhasesCompleted(c.completed())
                .setPhasesLate(c.late())
                .setPhasesSkipped(c.skipped())
                .setWithinActivationTime(c.withinActivationTime())
                .setSummary(c.summary())
                .build());
    }

    @Override
    public void record(String operator, String action, Role requiredRole, Decision decision, String detail) {
        audit.info("access {} {} by {} ({})", decision, action, operator, detail);
        sender.send(Topics.ACCESS_AUDITED, operator, AccessAudited.newBuilder()
                .setHeader(headers.next(action))
                .setOperator(operator)
                .setAction(action)
                .setRequiredRole(requiredRole.name())
                .setDecision(AccessDecision.valueOf(decision.name()))
                .setDetail(detail)
                .build());
    }
}
