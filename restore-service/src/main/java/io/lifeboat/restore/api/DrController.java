package io.lifeboat.restore.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.lifeboat.restore.access.AuthenticatedOperator;
import io.lifeboat.restore.access.RequiresRole;
import io.lifeboat.restore.config.RestoreProperties.Role;
import io.lifeboat.restore.dr.Declaration;
import io.lifeboat.restore.dr.DisasterRecovery;
import io.lifeboat.restore.dr.DrClosing;
import io.lifeboat.restore.dr.DrPhaseCompletion;
import io.lifeboat.restore.dr.DrStateUnavailable;
import io.lifeboat.restore.run.RequestRefused;
import io.lifeboat.restore.run.RequestRefused.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Disaster declarations and their phases. Every endpoint answers 503 {@code DR_STATE_REPLAYING} (with Retry-After)
 * while the DR topics are being read back after start-up, so that nothing is declared, refused or answered on a
 * state that could still miss a disaster.
 */
@RestController
class DrController {

    private static final String RETRY_AFTER_SECONDS = "5";

    /** Body of POST /api/dr/declarations. */
    record DeclarationBody(Declaration.Trigger trigger, String reason) {
    }

    /** Body of POST /api/dr/declarations/{drId}/phases/{phase}: the checklist items done, and notes. */
    record PhaseBody(List<String> done, String notes) {
    }

    /** Body of POST /api/dr/declarations/{drId}/close. */
    record CloseBody(String summary) {
    }

    /** Answer of GET /api/dr/declarations/{drId}: the disaster with the verdict of each phase and of the close. */
    record StateView(Declaration declaration, Map<String, PhaseView> phases, Optional<ClosingView> closed) {

        static StateView of(DisasterRecovery.State state) {
            Map<String, PhaseView> phases = new LinkedHashMap<>();
            state.phases().forEach((name, c) -> phases.put(name, new PhaseView(c, c.withinTimeBox())));
            return new StateView(state.declaration(), phases,
                    state.closed().map(c -> new ClosingView(c, c.withinActivationTime())));
        }
    }

    /** A completed phase and whether it kept its time box. */
    record PhaseView(@JsonUnwrapped DrPhaseCompletion completion, boolean withinTimeBox) {
    }

    /** The close and whether every phase was completed within its time box. */
    record ClosingView(@JsonUnwrapped DrClosing closing, boolean withinActivationTime) {
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
    StateView state(@PathVariable String drId) {
        return dr.find(drId).map(StateView::of).orElseThrow(() -> new RequestRefused(Refusal.UNKNOWN_DISASTER,
                "disaster '" + drId + "' is not known to this instance"));
    }

    @ExceptionHandler(DrStateUnavailable.class)
    ResponseEntity<Map<String, String>> replaying(DrStateUnavailable e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Map.of("error", "DR_STATE_REPLAYING", "message", e.getMessage()));
    }
}
