package io.lifeboat.notify.messaging;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro instantiate the generated event classes ({@code io.lifeboat.events.*}); Avro 1.12 refuses any class it
 * does not trust.
 *
 * <p>Why this exists: {@code io.lifeboat.schemas.serde.TrustedEvents} means to do the same, but
 * {@code ClassSecurityValidator.builder().add(String)} trusts one exact class name, not a package, so it trusts
 * nothing and every serde call fails with "Forbidden io.lifeboat.events...". Remove this class once the serde
 * trusts the package itself. Must run before the first Kafka client is created.
 */
public final class TrustedEventClasses {

    static final String EVENTS_PACKAGE_PREFIX = "io.lifeboat.events.";

    private static boolean installed;

    private TrustedEventClasses() {
    }

    /** Adds the events package to the validator already in place; idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith(EVENTS_PACKAGE_PREFIX)));
        installed = true;
    }
}
