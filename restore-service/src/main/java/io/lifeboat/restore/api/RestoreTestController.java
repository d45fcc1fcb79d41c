package io.lifeboat.restore.api;

import io.lifeboat.restore.access.AuthenticatedOperator;
import io.lifeboat.restore.access.RequiresRole;
import io.lifeboat.restore.config.RestoreProperties.Role;
import io.lifeboat.restore.restoretest.RestoreTestReport.Trigger;
import io.lifeboat.restore.restoretest.RestoreTester;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RestoreTestController {

    private final RestoreTester tester;

    RestoreTestController(RestoreTester tester) {
        this.tester = tester;
    }

    /** Body of POST /api/restore-tests; {@code backupId} is optional (default: the policy's random choice). */
    record RestoreTestBody(String backupId) {
    }

    /** Starts an on-demand restore test (202); RestoreTestCompleted follows on Kafka. */
    @PostMapping("/api/restore-tests")
    @RequiresRole(Role.RESTORE)
    ResponseEntity<Map<String, String>> start(@RequestBody(required = false) RestoreTestBody body,
                                              HttpServletRequest http) {
        Optional<String> backupId = Optional.ofNullable(body).map(RestoreTestBody::backupId)
                .filter(id -> !id.isBlank());
        String testId = tester.submit(Trigger.ON_DEMAND, AuthenticatedOperator.of(http), backupId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("testId", testId, "status", "STARTED"));
    }
}
