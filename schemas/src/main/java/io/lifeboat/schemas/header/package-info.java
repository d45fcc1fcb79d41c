/** Builds the common header every event carries (DESIGN.md "Events"): id, time, producer, correlation, policy. */
package io.lifeboat.schemas.header;
