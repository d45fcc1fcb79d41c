/**
 * Running restores: jobs accepted after synchronous checks (refusals), run one at a time in the background, each
 * ending in a {@link io.lifeboat.restore.run.RestoreResult} with its time from request to verified target
 * against the asset's RTO (policy 3.2). Every accepted restore is in the {@link io.lifeboat.restore.run.RestoreJournal}
 * until its result is reported, so that one the service died during is undone and reported at the next start.
 */
package io.lifeboat.restore.run;
