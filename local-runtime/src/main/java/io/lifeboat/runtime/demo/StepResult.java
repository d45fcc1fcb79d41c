package io.lifeboat.runtime.demo;

/** One step of the demonstration: did it do what it should, and what it saw. */
public record StepResult(String step, boolean passed, String detail) {
}
