package io.lifeboat.verify.integrity;

/** The result of verifying a copy, worst finding first: PASSED only when there is no finding at all. */
public enum Outcome {
    PASSED, CORRUPT, MISSING, MANIFEST_INVALID, KEY_UNAVAILABLE
}
