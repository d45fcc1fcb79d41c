/**
 * The monitoring thresholds of policy 10.1 and the RPO of 3.1: {@link io.lifeboat.verify.monitoring.ThresholdRules}
 * is a pure function from what is observed now (backups, failures, storage use, the newest recoverable point) to
 * the conditions that break a rule; {@link io.lifeboat.verify.monitoring.Monitor} gathers the observations and
 * turns the difference between two evaluations into AlertRaised and AlertResolved.
 */
package io.lifeboat.verify.monitoring;
