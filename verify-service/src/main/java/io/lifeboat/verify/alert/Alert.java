package io.lifeboat.verify.alert;

import io.lifeboat.format.policy.Severity;

/**
 * A condition that breaks a policy rule.
 *
 * @param alertId   stable for one rule on one subject
 * @param rule      e.g. BACKUP_INTEGRITY, BACKUP_AGE, RPO
 * @param observed  the observed value, in words with its unit
 * @param threshold the policy's threshold, in words with its unit
 * @param runbook   the policy's runbook step
 */
public record Alert(String alertId, String rule, Severity severity, String subject, String summary, String observed,
                    String threshold, String runbook) {
}
