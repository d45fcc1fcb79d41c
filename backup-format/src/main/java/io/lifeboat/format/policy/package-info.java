/**
 * POL-ISMS-008 as one typed, validated model read from a YAML file ({@code config/policy.yml}): recovery objectives
 * (3.1), service priorities (3.2), the backup schedule (4.1, 4.2), storage tiers (4.3), the recovery decision matrix
 * (5.1), DR triggers and phases (6.2, 6.3), test cadence (7.1, 7.2), communication (9.2) and monitoring thresholds
 * (10.1). Every service reads the same file through {@link io.lifeboat.format.policy.PolicyFile}; a missing or wrong
 * value is a {@link io.lifeboat.format.policy.PolicyException} whose message names the key.
 */
package io.lifeboat.format.policy;
