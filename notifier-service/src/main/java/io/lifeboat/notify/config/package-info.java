/**
 * Typed, validated configuration of notifier-service, one record per concern; a wrong or missing value stops
 * start-up with a message that names the key.
 */
package io.lifeboat.notify.config;
