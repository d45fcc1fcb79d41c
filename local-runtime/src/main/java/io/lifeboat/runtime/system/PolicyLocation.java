package io.lifeboat.runtime.system;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's {@code config/policy.yml} from the working directory or one of its parents. */
final class PolicyLocation {

    static final Path RELATIVE = Path.of("config", "policy.yml");

    private PolicyLocation() {
    }

    static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + RELATIVE + " in " + Path.of("").toAbsolutePath()
                + " or any parent directory; pass --policy FILE");
    }
}
