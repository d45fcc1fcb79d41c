package io.lifeboat.restore.api;

import io.lifeboat.restore.access.AuthenticatedOperator;
import io.lifeboat.restore.access.RequiresRole;
import io.lifeboat.restore.config.RestoreProperties.Role;
import io.lifeboat.restore.dr.Declaration;
import io.lifeboat.restore.dr.DeclarationReporter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DrController {

    /** Body of POST /api/dr/declarations. */
    record DeclarationBody(Declaration.Trigger trigger, String reason) {
    }

    private final DeclarationReporter reporter;
    private final Clock clock;

    DrController(DeclarationReporter reporter, Clock clock) {
        this.reporter = reporter;
        this.clock = clock;
    }

    @PostMapping("/api/dr/declarations")
    @RequiresRole(Role.DR_DECLARE)
    ResponseEntity<Map<String, String>> declare(@RequestBody DeclarationBody body, HttpServletRequest http) {
        if (body.trigger() == null || body.reason() == null || body.reason().isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "INVALID_REQUEST",
                    "message", "a declaration needs a 'trigger' (one of "
                            + java.util.Arrays.toString(Declaration.Trigger.values()) + ") and a 'reason'"));
        }
        Declaration declaration = new Declaration(UUID.randomUUID().toString(), body.trigger(),
                AuthenticatedOperator.of(http), body.reason(), clock.instant());
        reporter.declared(declaration);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("drId", declaration.drId(),
                "status", "DECLARED"));
    }
}
