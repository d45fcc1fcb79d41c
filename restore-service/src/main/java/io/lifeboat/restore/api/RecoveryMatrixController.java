package io.lifeboat.restore.api;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.Policy.RecoveryScenario;
import io.lifeboat.restore.access.RequiresRole;
import io.lifeboat.restore.config.RestoreProperties.Role;
import io.lifeboat.restore.run.RequestRefused;
import io.lifeboat.restore.run.RequestRefused.Refusal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The recovery decision matrix (policy 5.1) as the policy file states it. */
@RestController
class RecoveryMatrixController {

    private final Policy policy;

    RecoveryMatrixController(Policy policy) {
        this.policy = policy;
    }

    @GetMapping("/api/recovery-matrix")
    @RequiresRole(Role.RESTORE)
    List<RecoveryScenario> all() {
        return policy.recoveryMatrix();
    }

    /** The approach and its ordered steps for {@code scenario}, e.g. single-table-corruption. */
    @GetMapping("/api/recovery-matrix/{scenario}")
    @RequiresRole(Role.RESTORE)
    RecoveryScenario scenario(@PathVariable String scenario) {
        return policy.scenario(scenario).orElseThrow(() -> new RequestRefused(Refusal.UNKNOWN_SCENARIO, "scenario '"
                + scenario + "' is not in the policy's recovery matrix "
                + policy.recoveryMatrix().stream().map(RecoveryScenario::scenario).toList()));
    }
}
