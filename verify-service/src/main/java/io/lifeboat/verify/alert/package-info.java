/**
 * Alert state: which conditions are open now. A condition is raised once while it persists and resolved once when
 * it clears; the id of a condition follows {@code AlertIds} (one incident = one id).
 */
package io.lifeboat.verify.alert;
