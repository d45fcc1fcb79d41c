package io.lifeboat.verify.integrity;

/**
 * The result of verifying a copy, from best to worst: a copy's outcome is that of its worst finding (the highest
 * ordinal, see {@link CopyVerifier}), PASSED only when there is no finding at all. New outcomes go where their
 * severity puts them.
 */
public enum Outcome {
    PASSED, CORRUPT, MISSING, MANIFEST_INVALID, KEY_UNAVAILABLE
}
