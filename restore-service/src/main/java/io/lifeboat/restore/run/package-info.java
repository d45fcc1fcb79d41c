/**
 * Running restores: jobs accepted after synchronous checks (refusals), run one at a time in the background, each
 * ending in a {@link io.lifeboat.restore.run.RestoreResult} with its time from request to verified target
 * against the asset's RTO (policy 3.2).
 */
package io.lifeboat.restore.run;
