/**
 * The HTTP exchange every HTTP channel (webhook, Slack, PagerDuty, Twilio, status page) shares: explicit timeouts,
 * no redirects, and one classification of answers into delivered, transient (honouring Retry-After) and permanent.
 */
package io.lifeboat.notify.channel.http;
