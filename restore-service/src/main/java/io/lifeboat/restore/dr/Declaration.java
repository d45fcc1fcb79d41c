package io.lifeboat.restore.dr;

import java.time.Instant;

/** A declared disaster. {@code trigger} is one of the policy's activation triggers (6.2). */
public record Declaration(String drId, Trigger trigger, String declaredBy, String reason, Instant declaredAt) {

    /** Policy 6.2 activation triggers, and exercises (7.1). */
    public enum Trigger {
        PRIMARY_SITE_UNAVAILABLE, HARDWARE_FAILURE, NATURAL_DISASTER_WARNING, CYBERATTACK, EXERCISE
    }
}
