/**
 * The PostgreSQL side of restores: the target server (creating databases, refusing non-empty ones, fingerprinting),
 * comparing what a restored database holds with the manifest's fingerprints (partition trees as a whole where
 * their rows were routed differently), running PostgreSQL's client programs against it, and throwaway scratch
 * clusters made with initdb for restore tests and point-in-time restores.
 */
package io.lifeboat.restore.postgres;
