/**
 * Data backed up when it changes (policy 4.1 "on change"): the configuration git repository, as a bundle of every
 * ref, when a ref moves; the secrets directory, as a zip, when any file's content changes. A watcher polls a cheap
 * state fingerprint and starts an ordinary backup run (encrypted, sealed, copied, retried, announced) when it
 * differs from the last one stored. Fingerprints stay in memory, never in manifests or events (a hash of a short
 * secret can be brute-forced), so the first poll after a start-up stores the current state once more. Secret contents
 * and file names never reach a log line, an event or an exception message.
 */
package io.lifeboat.backup.onchange;
