/**
 * verify-service: proves stored backups are intact and watches the policy's monitoring thresholds (POL-ISMS-008
 * 3.1, 4.4, 7.1, 10). Every new or landed copy is verified at its location (sealed manifest authenticated, objects
 * decrypted, both SHA-256s checked) and published as IntegrityChecked; a daily sweep re-verifies every retained copy
 * within the policy's period and byte budget and checks each cluster's WAL chain; the rules of 10.1 and the RPO of
 * 3.1 are evaluated continuously. A broken rule is one AlertRaised while it persists and one AlertResolved when it
 * clears. Feature packages: {@code integrity}, {@code sweep}, {@code wal}, {@code monitoring}, {@code alert},
 * {@code catalogue}, {@code location}, {@code metrics}, with {@code messaging}, {@code api} and {@code config} as
 * adapters.
 */
package io.lifeboat.verify;
