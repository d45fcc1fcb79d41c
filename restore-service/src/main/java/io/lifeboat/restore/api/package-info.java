/**
 * REST for operators and pipelines: start a restore (202, RestoreCompleted follows on Kafka), list the catalogue,
 * and declare a disaster. Protected endpoints carry {@link io.lifeboat.restore.access.RequiresRole}.
 */
package io.lifeboat.restore.api;
