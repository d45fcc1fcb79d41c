package io.lifeboat.verify.messaging;

import io.lifeboat.events.common.Severity;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.events.verify.Finding;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.schemas.alert.AlertIds;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import io.lifeboat.verify.config.VerifyProperties;
import io.lifeboat.verify.integrity.CopyReport;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/** Publishes a copy's report as IntegrityChecked, and a failed one also as a CRITICAL AlertRaised. */
@Component
public class IntegrityEventPublisher {

    static final String RULE = AlertIds.BACKUP_INTEGRITY;
    private static final Logger log = LoggerFactory.getLogger(IntegrityEventPublisher.class);

    private final StreamBridge bridge;
    private final EventHeaders headers;
    private final String runbook;

    IntegrityEventPublisher(StreamBridge bridge, EventHeaders headers, VerifyProperties properties) {
        this.bridge = bridge;
        this.headers = headers;
        this.runbook = properties.integrityRunbook();
    }

    public void publish(CopyReport report, CheckKind kind, String correlationId) {
        IntegrityChecked checked = IntegrityChecked.newBuilder()
                .setHeader(headers.next(correlationId))
                .setBackupId(report.backupId())
                .setLocation(report.location())
                .setKind(kind)
                .setOutcome(IntegrityOutcome.valueOf(report.outcome().name()))
                .setFindings(report.findings().stream().map(f -> Finding.newBuilder()
                        .setObjectKey(f.objectKey())
                        .setOutcome(IntegrityOutcome.valueOf(f.outcome().name()))
                        .setExpected(f.expected())
                        .setActual(f.actual())
                        .setDetail(f.detail())
                        .build()).toList())
                .setBytesVerified(report.bytesVerified())
                .setDurationMillis(report.duration().toMillis())
                .build();
        send(Topics.INTEGRITY_CHECKED, report.backupId(), checked);
        if (report.passed()) {
            log.info("backup {} at '{}' PASSED ({} bytes)", report.backupId(), report.location(),
                    report.bytesVerified());
            return;
        }
        log.warn("backup {} at '{}' is {}: {}", report.backupId(), report.location(), report.outcome(),
                report.findings());
        String alertId = AlertIds.integrity(report.backupId(), report.location());
        AlertRaised alert = AlertRaised.newBuilder()
                .setHeader(headers.next(correlationId))
                .setAlertId(alertId)
                .setSeverity(Severity.CRITICAL)
                .setRule(RULE)
                .setSubject("backup " + report.backupId() + " at " + report.location())
                .setSummary("backup copy failed its integrity check: " + report.outcome())
                .setObservedValue(report.outcome() + " (" + report.findings().size() + " finding(s): "
                        + report.findings().get(0).detail() + ")")
                .setThreshold("100% integrity (policy 10.2)")
                .setRunbookStep(runbook)
                .build();
        send(Topics.ALERT_RAISED, alertId, alert);
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
        if (!bridge.send(topic.name(), MessageBuilder.withPayload(event).setHeader(KafkaHeaders.KEY, key).build())) {
            throw new IllegalStateException("event for " + topic.name() + " key '" + key + "' was not sent");
        }
    }
}
