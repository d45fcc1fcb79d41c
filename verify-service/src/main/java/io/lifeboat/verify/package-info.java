/**
 * verify-service: proves stored backups are intact (POL-ISMS-008 4.4 and 7.1). On every BackupCompleted it re-reads
 * each copy, recomputes its checksums against the manifest and publishes IntegrityChecked per location; a copy
 * that fails raises a CRITICAL AlertRaised (policy 10.1).
 */
package io.lifeboat.verify;
