package io.lifeboat.restore.api;

import io.lifeboat.restore.access.AuthenticatedOperator;
import io.lifeboat.restore.access.RequiresRole;
import io.lifeboat.restore.config.RestoreProperties.Role;
import io.lifeboat.restore.dr.Declaration;
import io.lifeboat.restore.dr.DisasterRecovery;
import io.lifeboat.restore.dr.DrClosing;
import io.lifeboat.restore.dr.DrPhaseCompletion;
import io.lifeboat.restore.run.RequestRefused;
import io.lifeboat.restore.run.RequestRefused.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DrController {

    /** Body of POST /api/dr/declarations. */
    record DeclarationBody(Declaration.Trigger trigger, String reason) {
    }

    /** Body of POST /api/dr/declarations/{drId}/phases/{phase}: the checklist items done, and notes. */
    record PhaseBody(List<String> done, String notes) {
    }

    /** Body of POST /api/dr/declarations/{drId}/close. */
    record CloseBody(String summary) {
    }

    private final DisasterRecovery dr;

    DrController(DisasterRecovery dr) {
        this.dr = dr;
    }

    @PostMapping("/api/dr/declarations")
    @RequiresRole(Role.DR_DECLARE)
    ResponseEntity<Map<String, String>> declare(@RequestBody DeclarationBody body, HttpServletRequest http) {
        if (body.trigger() == null || body.reason() == null || body.reason().isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "INVALID_REQUEST",
                    "message", "a declaration needs a 'trigger' (one of "
                            + Arrays.toString(Declaration.Trigger.values()) + ") and a 'reason'"));
        }
        Declaration declaration = dr.declare(body.trigger(), AuthenticatedOperator.of(http), body.reason());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("drId", declaration.drId(),
                "status", "DECLARED"));
    }

    @PostMapping("/api/dr/declarations/{drId}/phases/{phase}")
    @RequiresRole(Role.DR_DECLARE)
    ResponseEntity<Map<String, Object>> completePhase(@PathVariable String drId, @PathVariable String phase,
                                                      @RequestBody PhaseBody body, HttpServletRequest http) {
        DrPhaseCompletion c = dr.completePhase(drId, phase, Set.copyOf(body.done() == null ? List.of() : body.done()),
                AuthenticatedOperator.of(http), body.notes());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("drId", drId);
        response.put("phase", c.phase());
        response.put("checklist", c.checklist());
        response.put("elapsedMillis", c.elapsed().toMillis());
        response.put("deadlineMillis", c.deadline().toMillis());
        response.put("withinTimeBox", c.withinTimeBox());
        return ResponseEntity.ok(response);
    }

    @PostMapping("/api/dr/declarations/{drId}/close")
    @RequiresRole(Role.DR_DECLARE)
    ResponseEntity<Map<String, Object>> close(@PathVariable String drId, @RequestBody(required = false) CloseBody body,
                                              HttpServletRequest http) {
        DrClosing c = dr.close(drId, AuthenticatedOperator.of(http), body == null ? "" : body.summary());
        return ResponseEntity.ok(Map.of("drId", drId, "completed", c.completed(), "late", c.late(),
                "skipped", c.skipped(), "withinActivationTime", c.withinActivationTime()));
    }

    @GetMapping("/api/dr/declarations/{drId}")
    @RequiresRole(Role.DR_DECLARE)
    DisasterRecovery.State state(@PathVariable String drId) {
        return dr.find(drId).orElseThrow(() -> new RequestRefused(Refusal.UNKNOWN_DISASTER, "disaster '" + drId
                + "' is not known to this instance"));
    }
}
