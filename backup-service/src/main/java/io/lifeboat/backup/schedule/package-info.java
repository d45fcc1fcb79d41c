/** Time-based triggers: the crons of the policy's schedule, in UTC. */
package io.lifeboat.backup.schedule;
