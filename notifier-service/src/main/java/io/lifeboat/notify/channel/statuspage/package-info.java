/** The customer status page channel (policy 9.2 "status-page"): incident create on raise, update on resolution. */
package io.lifeboat.notify.channel.statuspage;
