/**
 * Who hears about an alert, on which channel, and when: the communication matrix of policy 9.2 and the severities
 * of 10.1 as a pure function (no Spring, no I/O). A target is a channel plus the stakeholder it reaches there.
 */
package io.lifeboat.notify.routing;
