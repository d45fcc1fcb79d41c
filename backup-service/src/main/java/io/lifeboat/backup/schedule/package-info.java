/** Time-based triggers: the cron of the daily full backup (UTC). */
package io.lifeboat.backup.schedule;
