/**
 * One backup run, start to end: take the dump, store it at the primary location, copy it to the other locations,
 * write the manifest last (the commit marker), and report the outcome. A failed run leaves no manifest, so it never
 * enters any catalogue.
 */
package io.lifeboat.backup.run;
