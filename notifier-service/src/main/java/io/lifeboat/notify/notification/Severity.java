package io.lifeboat.notify.notification;

/** How urgent an alert is (policy 10.1): CRITICAL pages someone, WARNING needs attention today, INFO is a record. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
