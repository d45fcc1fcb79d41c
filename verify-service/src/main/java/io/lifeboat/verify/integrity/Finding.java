package io.lifeboat.verify.integrity;

/** One problem with one object of a copy. */
public record Finding(String objectKey, Outcome outcome, String expected, String actual, String detail) {
}
