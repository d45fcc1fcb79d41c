/**
 * restore-service: restores backups (POL-ISMS-008 5.2), measures the time against the RTO of the asset's service
 * priority (3.2), and declares disasters (6.3). It keeps its own catalogue of completed backups, rebuilt from
 * BackupCompleted events. Every restore and DR request needs an authenticated, authorised operator and is audited.
 */
package io.lifeboat.restore;
