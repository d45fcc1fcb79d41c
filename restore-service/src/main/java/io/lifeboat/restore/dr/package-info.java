/**
 * Disaster recovery (policy 6.2 triggers, 6.3 phases): who declared, why and when; then each phase of the policy
 * completed with its checklist and whether it kept its time box ("ends-after" from the declaration), and the close
 * with late and skipped phases.
 */
package io.lifeboat.restore.dr;
