/**
 * Disaster recovery (policy 6.2 triggers, 6.3 phases): who declared, why and when; then each phase of the policy
 * completed with its checklist and whether it kept its time box ("ends-after" from the declaration), and the close
 * with late and skipped phases.
 *
 * <p>The DR events on Kafka are the durable record: DrDeclared, DrPhaseCompleted and DrClosed. What a service
 * instance holds ({@link io.lifeboat.restore.dr.DisasterLedger}) is rebuilt from them and nothing else:
 * <ul>
 *   <li>at start-up the DR topics are read from their beginning up to where they ended then (the replay; the
 *       messaging adapter does it before the web server serves, waiting up to {@code lifeboat.restore.dr.replay-wait});
 *       until it has finished, {@link io.lifeboat.restore.dr.DisasterRecovery} refuses to declare, complete, close or
 *       answer with {@link io.lifeboat.restore.dr.DrStateUnavailable} (HTTP 503 {@code DR_STATE_REPLAYING}), so no
 *       decision is taken on a state that could miss a disaster;</li>
 *   <li>after the replay the topics are followed, so what other instances record reaches this one within a poll;</li>
 *   <li>a fact this instance records is published first (a failed send changes nothing) and then applied at once,
 *       so it reads its own writes; reading it back later is a duplicate and changes nothing;</li>
 *   <li>facts are applied idempotently and in any order (keyed by disaster, and by phase for completions); when two
 *       instances complete the same phase or close the same disaster at the same time, both facts are published and
 *       every instance keeps the earlier one. There is no lock across instances: the refusal of a repeated phase
 *       (ALREADY_DONE) is exact on one instance, and across instances once the other's fact has arrived.</li>
 * </ul>
 * Timestamps are kept to the millisecond, the precision of the events, so a state rebuilt after a restart equals the
 * one held before it. The topics must keep their records (restore-service creates them with {@code retention.ms=-1});
 * a disaster whose facts were deleted by retention is forgotten at the next restart.
 */
package io.lifeboat.restore.dr;
