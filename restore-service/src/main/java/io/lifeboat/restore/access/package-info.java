/**
 * Who may restore and declare disasters: operators authenticate with a bearer API token (configured only as its
 * SHA-256, compared in constant time) and need the endpoint's role. Every decision, allowed or refused, is
 * published as AccessAudited. Tokens never appear in logs, events or errors.
 */
package io.lifeboat.restore.access;
