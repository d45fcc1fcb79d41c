package io.lifeboat.restore.access;

import io.lifeboat.restore.config.RestoreProperties.Role;

/** Records every access decision (the messaging adapter publishes AccessAudited). */
public interface AccessAuditor {

    /** Decisions on a protected action. */
    enum Decision {
        ALLOWED, UNAUTHENTICATED, FORBIDDEN
    }

    void record(String operator, String action, Role requiredRole, Decision decision, String detail);
}
