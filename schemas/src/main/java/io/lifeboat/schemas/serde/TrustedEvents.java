package io.lifeboat.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes it does not trust. The generated event classes live under
 * {@code io.lifeboat.events}; this adds that package to whatever validator is already installed, once.
 */
public final class TrustedEvents {

    static final String EVENTS_PACKAGE = "io.lifeboat.events";

    private static boolean installed;

    private TrustedEvents() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        // the builder's add(String) trusts one exact class name, not a package: match the package prefix instead
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith(EVENTS_PACKAGE + ".")));
        installed = true;
    }
}
