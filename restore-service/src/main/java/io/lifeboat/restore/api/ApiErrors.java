package io.lifeboat.restore.api;

import io.lifeboat.restore.run.JournalUnavailable;
import io.lifeboat.restore.run.RequestRefused;
import io.lifeboat.restore.run.RestoreFailure;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals as JSON {error, message}: 404 unknown, 409 a target that is not empty or done, 400 anything invalid, 503
 * when the restore could not be started (its journal cannot be written).
 */
@RestControllerAdvice
class ApiErrors {

    @ExceptionHandler(RequestRefused.class)
    ResponseEntity<Map<String, String>> refused(RequestRefused e) {
        HttpStatus status;
        switch (e.refusal()) {
            case UNKNOWN_BACKUP, NO_SUITABLE_BACKUP, UNKNOWN_SCENARIO, UNKNOWN_DISASTER -> status = HttpStatus.NOT_FOUND;
            case TARGET_NOT_EMPTY, ALREADY_DONE -> status = HttpStatus.CONFLICT;
            default -> status = HttpStatus.BAD_REQUEST;
        }
        return ResponseEntity.status(status).body(Map.of("error", e.refusal().name(), "message", e.getMessage()));
    }

    @ExceptionHandler(RestoreFailure.class)
    ResponseEntity<Map<String, String>> failed(RestoreFailure e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "RESTORE_FAILED",
                "message", e.getMessage()));
    }

    @ExceptionHandler(JournalUnavailable.class)
    ResponseEntity<Map<String, String>> notRecorded(JournalUnavailable e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "JOURNAL_UNAVAILABLE",
                "message", e.getMessage() + "; the restore was not started"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "INVALID_REQUEST", "message", e.getMessage()));
    }
}
