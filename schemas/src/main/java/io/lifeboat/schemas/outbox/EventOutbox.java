package io.lifeboat.schemas.outbox;

import io.lifeboat.schemas.serde.TrustedEvents;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.NetworkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every event on disk until Kafka took it, so no fact is lost while Kafka is down or when the process dies.
 *
 * <p>{@link #send} only writes the event as one entry file and wakes the outbox's own thread, which sends every
 * entry oldest first: a caller never waits for Kafka, however long Kafka takes to answer. An entry is
 * written to a temporary name, fsynced, renamed atomically and the directory fsynced: a crash leaves either a whole
 * entry or a temporary file, which start-up removes (its send had not been attempted, so its caller saw the
 * failure). An entry holds the topic name, the record key, the event's writer schema and the event in Avro binary
 * (the body of the wire format; the registry id is left to the send, as the registry may be down too), with a
 * CRC-32 over all of it. The writer schema makes an entry readable after an upgrade that evolved the event's schema,
 * by Avro's schema resolution. The event keeps its header, so a re-sent entry carries its original eventId and
 * consumers dedupe a duplicate.
 *
 * <p>Entries are sent in the order written. One that Kafka refuses holds back every later entry with the same key
 * (keys carry per-aggregate ordering) but not the others. A refusal that says Kafka cannot be reached (a timeout, a
 * lost connection) ends the pass at once: every other entry would wait as long for the same answer. Entries are
 * tried again at start-up, after each {@link #send} and every resend interval; a pass that fails (the directory
 * cannot be listed) is logged and the next one still runs. An entry that cannot be read is renamed to
 * {@code *.damaged} with a warning naming the file, never its content. One outbox per directory: the directory is
 * locked for the outbox's lifetime, and {@link #close} releases it only once the outbox's thread has stopped.
 */
public final class EventOutbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventOutbox.class);
    private static final int MAGIC = 0x4c424f31; // "LBO1"
    private static final String ENTRY = ".event";
    private static final String TEMPORARY = ".tmp";
    private static final String DAMAGED = ".damaged";
    /** How long {@link #close} waits for a pass to end after interrupting it. */
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(1);

    private final Path directory;
    private final Delivery delivery;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ScheduledExecutorService resender;
    /** Guards {@link #nextSequence} and {@link #closed}: no entry is written once close() began. */
    private final Object writing = new Object();
    /** True while a pass woken by {@link #send} is queued and has not started: one queued pass serves many sends. */
    private final AtomicBoolean woken = new AtomicBoolean();
    private long nextSequence;
    private boolean closed;

    /**
     * Locks {@code directory} (created if missing), removes half-written entries and starts resending what is left,
     * at once and then every {@code resendInterval}.
     *
     * @throws IllegalStateException when another outbox holds the directory
     */
    public EventOutbox(Path directory, Delivery delivery, Duration resendInterval) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        if (resendInterval.isNegative() || resendInterval.isZero()) {
            throw new IllegalArgumentException("event outbox resend interval must be positive: " + resendInterval);
        }
        TrustedEvents.install();
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve("outbox.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event outbox directory " + directory, e);
        }
        lock = tryLock();
        try {
            for (Path leftover : list(TEMPORARY)) {
                Files.delete(leftover);
            }
            // damaged entries count too: a new entry must never take the name of one set aside
            nextSequence = Stream.concat(list(ENTRY).stream(), list(DAMAGED).stream())
                    .mapToLong(EventOutbox::sequence).max().orElse(0) + 1;
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot read event outbox directory " + directory + ": " + e, e);
        }
        resender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "event-outbox");
            thread.setDaemon(true);
            return thread;
        });
        resender.scheduleWithFixedDelay(this::resendOnOwnThread, 0, resendInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps {@code event} and wakes the outbox's thread, which sends it after every older entry with the same key;
     * returns once the entry is on disk, without waiting for Kafka.
     *
     * @throws UncheckedIOException when the entry could not be written and renamed into place (then the event is not
     *         kept; once it is, nothing here throws)
     * @throws IllegalStateException when the outbox is closed (then the event is not kept)
     */
    public <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
        synchronized (writing) {
            if (closed) {
                throw new IllegalStateException("event outbox " + directory + " is closed: event for " + topic.name()
                        + " key '" + key + "' was not kept");
            }
            write(topic, key, event);
        }
        if (woken.compareAndSet(false, true)) {
            try {
                resender.execute(this::resendOnOwnThread);
            } catch (RejectedExecutionException e) {
                // closing: the entry is kept and sent at the next start-up
            }
        }
    }

    /**
     * One pass on the caller's thread: sends every entry Kafka will take, oldest first, and returns how many are
     * left. The outbox's own thread runs the same pass; passes never overlap.
     *
     * @throws UncheckedIOException when the directory cannot be listed
     */
    public synchronized int resend() {
        Set<String> heldKeys = new HashSet<>();
        List<Path> files = list(ENTRY);
        int left = files.size();
        RuntimeException refused = null;
        boolean unreachable = false;
        for (Path file : files) {
            if (unreachable || Thread.currentThread().isInterrupted()) {
                break;
            }
            Entry entry = read(file);
            if (entry == null) {
                left--;
                continue;
            }
            if (heldKeys.contains(entry.key)) {
                continue;
            }
            try {
                deliver(entry);
            } catch (RuntimeException e) {
                heldKeys.add(entry.key);
                refused = e;
                unreachable = endsThePass(e);
                continue;
            }
            left--;
            try {
                Files.delete(file);
            } catch (IOException e) {
                // sent but not deleted: it is sent again and deduped by its eventId
                log.warn("event outbox: sent {} but cannot delete it: {}", file.getFileName(), e.toString());
            }
        }
        if (refused != null) {
            log.warn("event outbox: {} event(s) wait in {} until Kafka takes them{}: {}", left, directory,
                    unreachable ? " (Kafka unreachable, this pass stopped)" : "", refused.toString());
        }
        return left;
    }

    @Override
    public void close() {
        synchronized (writing) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (resender != null && !stopResender()) {
            log.error("event outbox: the resend thread on {} did not stop within {}; the directory stays locked",
                    directory, CLOSE_WAIT);
            return;
        }
        try {
            if (lock != null) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            log.warn("event outbox: cannot release the lock on {}: {}", directory, e.toString());
        }
    }

    /** Interrupts a running pass and waits for it to end: the directory must not be unlocked while it is used. */
    private boolean stopResender() {
        resender.shutdownNow();
        try {
            return resender.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A pass on the outbox's thread: a failure is logged, never thrown, as it would cancel every later pass. */
    private void resendOnOwnThread() {
        woken.set(false);
        try {
            resend();
        } catch (RuntimeException e) {
            log.error("event outbox: a resend pass over {} failed; the next one still runs: {}", directory,
                    e.toString());
        }
    }

    /**
     * Whether a refusal ends the pass: Kafka cannot be reached (a timeout or a lost connection, which every later
     * entry would meet too), or the thread was interrupted (the outbox is closing; the interrupt is kept).
     */
    private static boolean endsThePass(Throwable refusal) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof InterruptException) {
                Thread.currentThread().interrupt();
                return true;
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException || cause instanceof TimeoutException
                    || cause instanceof NetworkException || cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private FileLock tryLock() {
        FileLock taken;
        try {
            taken = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            taken = null;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot lock event outbox directory " + directory, e);
        }
        if (taken == null) {
            close();
            throw new IllegalStateException("event outbox directory " + directory
                    + " is in use by another outbox (another instance of this service?); give each its own");
        }
        return taken;
    }

    private <V extends SpecificRecord> void write(Topic<V> topic, String key, V event) {
        long sequence = nextSequence++;
        Path target = directory.resolve(String.format("%020d", sequence) + ENTRY);
        Path temporary = directory.resolve(target.getFileName() + TEMPORARY);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeUTF(topic.name());
            out.writeUTF(key);
            byte[] schema = event.getSchema().toString().getBytes(StandardCharsets.UTF_8);
            out.writeInt(schema.length);
            out.write(schema);
            ByteArrayOutputStream body = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
            new SpecificDatumWriter<V>(event.getSchema()).write(event, encoder);
            encoder.flush();
            out.writeInt(body.size());
            body.writeTo(out);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(bytes.toByteArray());
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // start-up removes temporary files
            }
            throw new UncheckedIOException("cannot keep event for " + topic.name() + " key '" + key
                    + "' in event outbox " + directory, e);
        }
        // the entry is in place and will be sent: a failed fsync here must not tell the caller it was not kept
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.warn("event outbox: kept {} but cannot fsync directory {}; a crash now may lose it: {}",
                    target.getFileName(), directory, e.toString());
        }
    }

    /** The entry in {@code file}, or null when it is damaged (then it is set aside). */
    private Entry read(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < 12) {
                throw new IOException("too short");
            }
            CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 8);
            if (crc.getValue() != ByteBuffer.wrap(all, all.length - 8, 8).getLong()) {
                throw new IOException("checksum mismatch");
            }
            DataInputStream body = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8));
            if (body.readInt() != MAGIC) {
                throw new IOException("not an event outbox entry");
            }
            String topicName = body.readUTF();
            String key = body.readUTF();
            byte[] schema = new byte[body.readInt()];
            body.readFully(schema);
            byte[] event = new byte[body.readInt()];
            body.readFully(event);
            Topic<?> topic = Topics.all().stream().filter(t -> t.name().equals(topicName)).findFirst()
                    .orElseThrow(() -> new IOException("unknown topic"));
            Schema writer = new Schema.Parser().parse(new String(schema, StandardCharsets.UTF_8));
            SpecificRecord record = new SpecificDatumReader<SpecificRecord>(writer,
                    SpecificData.get().getSchema(topic.valueType()))
                    .read(null, DecoderFactory.get().binaryDecoder(event, null));
            return new Entry(topic, key, record);
        } catch (IOException | RuntimeException e) {
            setAside(file, e);
            return null;
        }
    }

    private void setAside(Path file, Exception cause) {
        // the cause's message may quote content: only its type is logged
        Path aside = file.resolveSibling(file.getFileName() + DAMAGED);
        log.warn("event outbox: entry {} is damaged ({}), set aside as {}; the others are still sent",
                file, cause.getClass().getSimpleName(), aside.getFileName());
        try {
            Files.move(file, aside);
        } catch (IOException e) {
            log.warn("event outbox: cannot set aside damaged entry {}: {}", file, e.getClass().getSimpleName());
        }
    }

    private void deliver(Entry entry) {
        sendAs(entry.topic, entry.key, entry.event);
    }

    private <V extends SpecificRecord> void sendAs(Topic<V> topic, String key, SpecificRecord event) {
        delivery.send(topic, key, topic.valueType().cast(event));
    }

    private List<Path> list(String suffix) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list event outbox directory " + directory, e);
        }
    }

    /**
     * The sequence number in an entry's name (also one set aside); 0 for a name this outbox did not give (still read,
     * in name order).
     */
    private static long sequence(Path entry) {
        String name = entry.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('.')));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private record Entry(Topic<?> topic, String key, SpecificRecord event) {
    }
}
