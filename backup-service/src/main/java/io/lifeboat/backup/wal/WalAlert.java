package io.lifeboat.backup.wal;

import io.lifeboat.format.policy.Severity;

/**
 * A condition of WAL streaming that on-call must hear about, in the terms of AlertRaised.
 *
 * @param alertId   stable for one rule on one slot: {@code RULE:slot@host:port}
 * @param rule      {@value StreamingAlerts#LAG_RULE} or {@value StreamingAlerts#RECEIVER_RULE}
 * @param observed  the observed value, in words with its unit
 * @param threshold the threshold, in words with its unit and the key that sets it
 * @param runbook   the policy's runbook step
 */
public record WalAlert(String alertId, String rule, Severity severity, String subject, String summary,
                       String observed, String threshold, String runbook) {
}
