/**
 * SMS and voice through Twilio's REST API (policy 9.2 "phone"). The account SID and auth token are secrets and
 * never logged; the base URL is configurable so tests can stand in for Twilio.
 */
package io.lifeboat.notify.channel.twilio;
