/**
 * The PostgreSQL side of restores: the target server (creating databases, refusing non-empty ones, fingerprinting),
 * running PostgreSQL's client programs against it, and throwaway scratch clusters made with initdb for restore
 * tests and point-in-time restores.
 */
package io.lifeboat.restore.postgres;
