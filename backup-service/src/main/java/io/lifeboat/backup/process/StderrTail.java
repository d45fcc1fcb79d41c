package io.lifeboat.backup.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a child process's stderr on its own thread, so the process never blocks writing to it, and keeps the first
 * {@code limit} bytes for error messages and for facts the program reports there.
 */
public final class StderrTail extends Thread {

    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    private StderrTail(String program, InputStream in, int limit) {
        super(program + "-stderr");
        setDaemon(true);
        this.in = in;
        this.limit = limit;
    }

    /** Starts draining {@code process}'s stderr. */
    public static StderrTail of(String program, Process process, int limit) {
        StderrTail tail = new StderrTail(program, process.getErrorStream(), limit);
        tail.start();
        return tail;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (kept) {
                    kept.write(buffer, 0, Math.max(0, Math.min(n, limit - kept.size())));
                }
            }
        } catch (IOException ignored) {
            // the process is gone; what was read is all there is
        }
    }

    /** What was kept, once the process closed its stderr (waits up to 5 s for that). */
    public String text() {
        try {
            join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
