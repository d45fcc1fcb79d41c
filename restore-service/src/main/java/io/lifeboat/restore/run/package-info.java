/**
 * Running restores: jobs accepted after synchronous checks (refusals), run one at a time in the background, each
 * ending in a {@link io.lifeboat.restore.run.RestoreResult} with its time from request to verified target
 * against the asset's RTO (policy 3.2). Every accepted restore is in the {@link io.lifeboat.restore.run.RestoreJournal}
 * until its result is kept to be published, so that one the service died during is undone and reported at the next
 * start; results (and restore-test reports) are kept on disk until published
 * ({@link io.lifeboat.restore.run.UnpublishedResults}), so a broker outage or a restart loses none.
 */
package io.lifeboat.restore.run;
