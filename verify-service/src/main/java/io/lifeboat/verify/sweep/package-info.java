/**
 * The daily automated integrity check of policy 7.1. {@link io.lifeboat.verify.sweep.SweepPlanner} is pure: from
 * every retained copy and when it was last verified it picks today's work, never-verified copies first, then copies
 * whose re-verification falls due, oldest check first, within the policy's daily byte budget. The sweep also checks
 * the WAL chain of every location from the oldest retained base backup to the newest segment.
 */
package io.lifeboat.verify.sweep;
