/**
 * The PagerDuty channel (Events API v2): trigger on a raised alert, resolve on its resolution, same dedup key. The
 * routing key is a secret and never logged.
 */
package io.lifeboat.notify.channel.pagerduty;
