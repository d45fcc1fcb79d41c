package io.lifeboat.verify.api;

import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.verify.catalogue.AnnouncedBackup;
import io.lifeboat.verify.catalogue.AnnouncedBackups;
import io.lifeboat.verify.integrity.BackupVerification;
import io.lifeboat.verify.integrity.CopyReport;
import io.lifeboat.verify.messaging.IntegrityEventPublisher;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class VerificationController {

    private final AnnouncedBackups announced;
    private final BackupVerification verification;
    private final IntegrityEventPublisher publisher;

    VerificationController(AnnouncedBackups announced, BackupVerification verification,
                           IntegrityEventPublisher publisher) {
        this.announced = announced;
        this.verification = verification;
        this.publisher = publisher;
    }

    /** Verifies every copy of one backup now and answers with the outcome per location. */
    @PostMapping("/api/verifications/{backupId}")
    ResponseEntity<?> verify(@PathVariable String backupId) {
        AnnouncedBackup backup = announced.find(backupId).orElse(null);
        if (backup == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "UNKNOWN_BACKUP",
                    "message", "backup '" + backupId + "' was never announced to this service"));
        }
        List<CopyReport> reports = verification.verify(backup);
        reports.forEach(r -> publisher.publish(r, CheckKind.ON_DEMAND, backup.correlationId()));
        return ResponseEntity.ok(reports.stream().map(r -> Map.of("location", r.location(),
                "outcome", r.outcome().name(), "findings", r.findings().size(),
                "bytesVerified", r.bytesVerified())).toList());
    }
}
