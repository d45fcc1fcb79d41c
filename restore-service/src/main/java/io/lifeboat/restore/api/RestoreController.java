package io.lifeboat.restore.api;

import io.lifeboat.restore.access.AuthenticatedOperator;
import io.lifeboat.restore.access.RequiresRole;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.RestoreProperties.Role;
import io.lifeboat.restore.logical.RestoreRequest;
import io.lifeboat.restore.logical.RestoreRunner;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RestoreController {

    /** Body of POST /api/restores; {@code targetDatabase} defaults to restore_<id>. */
    record RestoreBody(@NotBlank String backupId, String targetDatabase) {
    }

    private final RestoreRunner runner;
    private final BackupCatalogue catalogue;
    private final Clock clock;

    RestoreController(RestoreRunner runner, BackupCatalogue catalogue, Clock clock) {
        this.runner = runner;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @PostMapping("/api/restores")
    @RequiresRole(Role.RESTORE)
    ResponseEntity<Map<String, String>> restore(@RequestBody RestoreBody body, HttpServletRequest http) {
        String restoreId = UUID.randomUUID().toString();
        String target = body.targetDatabase() == null || body.targetDatabase().isBlank()
                ? "restore_" + restoreId.substring(0, 8) : body.targetDatabase();
        RestoreRequest request = new RestoreRequest(restoreId, body.backupId(), target,
                AuthenticatedOperator.of(http), clock.instant());
        runner.submit(request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of(
                "restoreId", restoreId, "backupId", body.backupId(), "targetDatabase", target, "status", "STARTED"));
    }

    @GetMapping("/api/catalogue")
    @RequiresRole(Role.RESTORE)
    List<CatalogueEntry> catalogue() {
        return catalogue.all();
    }

    @ExceptionHandler(RestoreRunner.RequestRefused.class)
    ResponseEntity<Map<String, String>> refused(RestoreRunner.RequestRefused e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.refusal().name(),
                "message", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "INVALID_REQUEST", "message", e.getMessage()));
    }
}
