package io.lifeboat.backup.wal;

/** Where WAL streaming alerts go (the messaging adapter publishes AlertRaised and AlertResolved). */
public interface WalAlertReporter {

    /** The condition of {@code alert} began; throws if it could not be announced. */
    void raised(WalAlert alert);

    /** The condition of {@code alert} cleared; {@code observed} says how things are now. */
    void resolved(WalAlert alert, String observed);
}
