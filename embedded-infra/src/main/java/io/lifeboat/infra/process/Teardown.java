package io.lifeboat.infra.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping what a test started: every resource is closed, in order, even when one before it fails. */
public final class Teardown {

    private static final Logger log = LoggerFactory.getLogger(Teardown.class);

    private Teardown() {
    }

    /** Closes each resource that is not null; a failure is logged, never thrown, and the rest are still closed. */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("could not close {}: {}", resource, e.getMessage());
            }
        }
    }
}
