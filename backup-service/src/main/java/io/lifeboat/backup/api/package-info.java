/** REST for pipelines: start a backup and get its id; the outcome follows as an event. */
package io.lifeboat.backup.api;
