package io.lifeboat.format.policy;

/** Alert severities of policy 10.1. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
