package io.lifeboat.infra.registry;

/** A version as a URL names it: a positive number, or {@code latest} (Confluent also takes {@code -1} for it). */
record VersionRef(int number) {

    static final VersionRef LATEST = new VersionRef(-1);

    boolean isLatest() {
        return number == -1;
    }

    /** Parses a path segment; 42202 unless it is {@code latest}, {@code -1} or in [1, 2^31-1]. */
    static VersionRef parse(String text) {
        if ("latest".equals(text)) {
            return LATEST;
        }
        try {
            int number = Integer.parseInt(text);
            if (number == -1) {
                return LATEST;
            }
            if (number >= 1) {
                return new VersionRef(number);
            }
        } catch (NumberFormatException e) {
            // fall through to the 42202 below
        }
        throw RegistryError.INVALID_VERSION.exception("The specified version '" + text + "' is not a valid version id."
                + " Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
}
