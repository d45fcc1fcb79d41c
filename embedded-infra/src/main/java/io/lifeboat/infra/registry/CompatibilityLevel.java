package io.lifeboat.infra.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's seven compatibility levels. {@code backward}: the new schema, as reader, can read data written with
 * the old one; {@code forward}: the old schema, as reader, can read data written with the new one; {@code transitive}:
 * against every live version rather than only the latest.
 */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The level of a registry nobody configured. */
    static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    boolean backward() {
        return backward;
    }

    boolean forward() {
        return forward;
    }

    boolean transitive() {
        return transitive;
    }

    /** The level named {@code name}, case-insensitively; empty for anything else (including null). */
    static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static RegistryException invalid() {
        return RegistryError.INVALID_COMPATIBILITY_LEVEL.exception("Invalid compatibility level. Valid values are none,"
                + " backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }
}
