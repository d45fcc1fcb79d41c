/**
 * REST for operators and pipelines: start a logical, single-table or point-in-time restore (202; RestoreCompleted
 * follows on Kafka; a target that is not empty is refused at once with 409), start a restore test, read the
 * recovery decision matrix, list the catalogue, declare a disaster and complete its phases. Protected endpoints carry
 * {@link io.lifeboat.restore.access.RequiresRole}.
 */
package io.lifeboat.restore.api;
