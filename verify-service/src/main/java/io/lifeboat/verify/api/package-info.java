/**
 * REST for operators and pipelines: the state of every check as JSON, verifying one backup or everything now, running
 * the daily sweep or the monitoring rules now. Results also follow as IntegrityChecked, AlertRaised and AlertResolved.
 */
package io.lifeboat.verify.api;
