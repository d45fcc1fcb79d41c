/** The Slack channel: one incoming-webhook POST per notification, mrkdwn text with every fact of the alert. */
package io.lifeboat.notify.channel.slack;
