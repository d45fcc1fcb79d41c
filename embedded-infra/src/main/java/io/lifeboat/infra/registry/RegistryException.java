package io.lifeboat.infra.registry;

import java.util.Objects;

/** A request failed with one of the registry's {@link RegistryError}s; the HTTP layer turns it into a response. */
final class RegistryException extends RuntimeException {

    private final RegistryError error;

    RegistryException(RegistryError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    RegistryError error() {
        return error;
    }
}
