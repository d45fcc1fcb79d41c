package io.lifeboat.restore.api;

import io.lifeboat.restore.access.AuthenticatedOperator;
import io.lifeboat.restore.access.RequiresRole;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.RestoreProperties.Role;
import io.lifeboat.restore.logical.LogicalRestore;
import io.lifeboat.restore.logical.RestoreRequest;
import io.lifeboat.restore.pitr.PitrRequest;
import io.lifeboat.restore.pitr.PointInTimeRestore;
import io.lifeboat.restore.pitr.RecoveryTarget;
import io.lifeboat.restore.postgres.ScratchCluster;
import io.lifeboat.restore.run.RestoreFailure;
import io.lifeboat.restore.run.RestoreRunner;
import io.lifeboat.restore.table.SingleTableRestore;
import io.lifeboat.restore.table.TableRestoreRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RestoreController {

    /** Body of POST /api/restores; {@code targetDatabase} defaults to restore_<id>. */
    record RestoreBody(@NotBlank String backupId, String targetDatabase) {
    }

    /**
     * Body of POST /api/restores/table: {@code table} as schema.table (or table, in public), {@code before} an
     * ISO-8601 instant (default now), {@code newName} to restore beside the damaged table, {@code force} to replace
     * it under its own name.
     */
    record TableRestoreBody(String table, Instant before, String source, String targetDatabase, String newName,
                            Boolean force) {
    }

    /**
     * Body of POST /api/restores/pitr: {@code target} {kind: LATEST | TIME | LSN | NAME, value, timeline (optional:
     * the newest timeline's path when absent)}, the new {@code dataDirectory} (absolute; never one of the service's
     * own directories, see {@link PointInTimeRestore#accept}), {@code port} (default: a free one), {@code backupId} of
     * a base backup (default: the newest before the target), {@code force} to replace a non-empty data directory.
     */
    record PitrBody(String backupId, RecoveryTarget target, String dataDirectory, Integer port, Boolean force) {
    }

    private final PointInTimeRestore pitr;
    private final SingleTableRestore singleTable;
    private final LogicalRestore logical;
    private final RestoreRunner runner;
    private final BackupCatalogue catalogue;
    private final Clock clock;

    RestoreController(PointInTimeRestore pitr, SingleTableRestore singleTable, LogicalRestore logical,
                      RestoreRunner runner, BackupCatalogue catalogue, Clock clock) {
        this.pitr = pitr;
        this.singleTable = singleTable;
        this.logical = logical;
        this.runner = runner;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @PostMapping("/api/restores")
    @RequiresRole(Role.RESTORE)
    ResponseEntity<Map<String, String>> restore(@RequestBody RestoreBody body, HttpServletRequest http) {
        String restoreId = UUID.randomUUID().toString();
        if (body.backupId() == null || body.backupId().isBlank()) {
            throw new IllegalArgumentException("a restore needs a 'backupId'");
        }
        String target = body.targetDatabase() == null || body.targetDatabase().isBlank()
                ? "restore_" + restoreId.substring(0, 8) : body.targetDatabase();
        RestoreRequest request = new RestoreRequest(restoreId, body.backupId(), target,
                AuthenticatedOperator.of(http), clock.instant());
        runner.submit(logical.accept(request));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of(
                "restoreId", restoreId, "backupId", body.backupId(), "targetDatabase", target, "status", "STARTED"));
    }

    @PostMapping("/api/restores/table")
    @RequiresRole(Role.RESTORE)
    ResponseEntity<Map<String, String>> restoreTable(@RequestBody TableRestoreBody body, HttpServletRequest http) {
        if (body.table() == null || body.targetDatabase() == null) {
            throw new IllegalArgumentException("a table restore needs a 'table' (schema.table) and a 'targetDatabase'");
        }
        String restoreId = UUID.randomUUID().toString();
        String[] parts = body.table().split("\\.", 2);
        TableRestoreRequest request = new TableRestoreRequest(restoreId, parts.length == 2 ? parts[0] : "public",
                parts[parts.length - 1], Optional.ofNullable(body.newName()).filter(n -> !n.isBlank()),
                body.before() == null ? clock.instant() : body.before(), Optional.ofNullable(body.source()),
                body.targetDatabase(), Boolean.TRUE.equals(body.force()), AuthenticatedOperator.of(http),
                clock.instant());
        runner.submit(singleTable.accept(request));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("restoreId", restoreId,
                "table", request.qualified(), "target", request.targetDatabase() + "." + request.schema() + "."
                        + request.restoredName(), "status", "STARTED"));
    }

    @PostMapping("/api/restores/pitr")
    @RequiresRole(Role.RESTORE)
    ResponseEntity<Map<String, String>> restorePointInTime(@RequestBody PitrBody body, HttpServletRequest http)
            throws RestoreFailure {
        if (body.dataDirectory() == null || body.dataDirectory().isBlank()) {
            throw new IllegalArgumentException("a point-in-time restore needs a 'dataDirectory'");
        }
        String restoreId = UUID.randomUUID().toString();
        int port = body.port() == null ? ScratchCluster.freePort() : body.port();
        PitrRequest request = new PitrRequest(restoreId, Optional.ofNullable(body.backupId())
                .filter(id -> !id.isBlank()), body.target() == null ? RecoveryTarget.latest() : body.target(),
                Path.of(body.dataDirectory()), port, Boolean.TRUE.equals(body.force()),
                AuthenticatedOperator.of(http), clock.instant());
        runner.submit(pitr.accept(request));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("restoreId", restoreId,
                "dataDirectory", request.dataDirectory().toString(), "port", Integer.toString(port),
                "target", request.target().toString(), "status", "STARTED"));
    }

    @GetMapping("/api/catalogue")
    @RequiresRole(Role.RESTORE)
    List<CatalogueEntry> catalogue() {
        return catalogue.all();
    }
}
