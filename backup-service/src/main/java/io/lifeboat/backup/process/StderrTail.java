package io.lifeboat.backup.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drains a child process's stderr on its own thread, so the process never blocks writing to it. It keeps the last
 * {@code limit} bytes, where a failing program says why, and, however much it printed, the first line matching each
 * fact pattern the caller names (facts a program reports early and late, such as pg_basebackup's WAL range).
 */
public final class StderrTail extends Thread {

    /** Longest line a fact is looked for in; the rest of a longer line is not. */
    private static final int MAX_LINE_BYTES = 4096;

    private final InputStream in;
    /** The last bytes read, {@code written % ring.length} being where the next one goes; guarded by itself. */
    private final byte[] ring;
    private long written;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    /** Each fact pattern and the first line that matched it; guarded by {@link #ring}. */
    private final Map<Pattern, MatchResult> facts = new LinkedHashMap<>();
    private final List<Pattern> patterns;

    private StderrTail(String program, InputStream in, int limit, List<Pattern> patterns) {
        super(program + "-stderr");
        setDaemon(true);
        this.in = in;
        this.ring = new byte[limit];
        this.patterns = patterns;
    }

    /** Starts draining {@code process}'s stderr, keeping its last {@code limit} bytes and the {@code facts}. */
    public static StderrTail of(String program, Process process, int limit, Pattern... facts) {
        StderrTail tail = new StderrTail(program, process.getErrorStream(), limit, List.of(facts));
        tail.start();
        return tail;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (ring) {
                    for (int i = 0; i < n; i++) {
                        keep(buffer[i]);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone; what was read is all there is
        }
        synchronized (ring) {
            endOfLine();
        }
    }

    private void keep(byte b) {
        ring[(int) (written % ring.length)] = b;
        written++;
        if (b == '\n') {
            endOfLine();
        } else if (line.size() < MAX_LINE_BYTES) {
            line.write(b);
        }
    }

    private void endOfLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        for (Pattern pattern : patterns) {
            if (!facts.containsKey(pattern)) {
                Matcher m = pattern.matcher(text);
                if (m.find()) {
                    facts.put(pattern, m.toMatchResult());
                }
            }
        }
    }

    /**
     * The last {@code limit} bytes, from the first whole line in them if older ones were dropped, once the process
     * closed its stderr (waits up to 5 s for that).
     */
    public String text() {
        awaitEnd();
        synchronized (ring) {
            if (written <= ring.length) {
                return new String(ring, 0, (int) written, StandardCharsets.UTF_8).strip();
            }
            int start = (int) (written % ring.length);
            byte[] last = new byte[ring.length];
            System.arraycopy(ring, start, last, 0, ring.length - start);
            System.arraycopy(ring, 0, last, ring.length - start, start);
            String text = new String(last, StandardCharsets.UTF_8);
            int firstWhole = text.indexOf('\n');
            return (firstWhole < 0 ? text : text.substring(firstWhole + 1)).strip();
        }
    }

    /** The first line's match of {@code fact} (one given to {@link #of}), once the process closed its stderr. */
    public Optional<MatchResult> fact(Pattern fact) {
        awaitEnd();
        synchronized (ring) {
            return Optional.ofNullable(facts.get(fact));
        }
    }

    private void awaitEnd() {
        try {
            join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
