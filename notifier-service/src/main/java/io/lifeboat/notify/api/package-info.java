/** REST API of notifier-service: acknowledging alerts with an operator token. */
package io.lifeboat.notify.api;
