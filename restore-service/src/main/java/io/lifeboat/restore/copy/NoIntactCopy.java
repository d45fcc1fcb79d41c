package io.lifeboat.restore.copy;

/** No configured location holds an intact copy of a backup; the message names every location and why. */
public final class NoIntactCopy extends Exception {

    public NoIntactCopy(String message) {
        super(message);
    }
}
