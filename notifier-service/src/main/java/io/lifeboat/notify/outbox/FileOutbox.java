package io.lifeboat.notify.outbox;

import io.lifeboat.notify.delivery.Outbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox as files in one directory: {@code pending/<id>.json} per undelivered notification (written to a
 * temporary name, then atomically renamed, so a crash never leaves half a file), {@code finished.log},
 * {@code acknowledged.log}, {@code ladders-ended.log} and {@code episodes.log} (one entry per line, appended; an
 * episode's line names the incident, the resolution event and when it happened), {@code escalations/<name>.json}. A process that dies at
 * any point loses nothing that {@link #add} returned for. One service instance owns a directory.
 */
public final class FileOutbox implements Outbox {

    private final Path pendingDir;
    private final Path escalationDir;
    private final Path finishedLog;
    private final Path acknowledgedLog;
    private final Path laddersEndedLog;
    private final JsonMapper json;
    private final Set<String> pendingIds = ConcurrentHashMap.newKeySet();
    private final Set<String> finishedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledgedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> laddersEnded = ConcurrentHashMap.newKeySet();
    private final Path episodesLog;
    /** incident -> ids of the resolution events that ended its episodes. */
    private final java.util.Map<String, Set<String>> endedEpisodes = new ConcurrentHashMap<>();
    /** incident -> when its latest recorded resolution happened. */
    private final java.util.Map<String, Instant> lastResolutions = new ConcurrentHashMap<>();
    private static final BinaryOperator<Instant> LATER = BinaryOperator.maxBy(Comparator.naturalOrder());

    private FileOutbox(Path dir, JsonMapper json) throws IOException {
        this.pendingDir = Files.createDirectories(dir.resolve("pending"));
        this.escalationDir = Files.createDirectories(dir.resolve("escalations"));
        this.finishedLog = dir.resolve("finished.log");
        this.acknowledgedLog = dir.resolve("acknowledged.log");
        this.laddersEndedLog = dir.resolve("ladders-ended.log");
        this.episodesLog = dir.resolve("episodes.log");
        for (String line : lines(episodesLog)) {
            // incident, resolution event id, resolution time (lines written before the time was kept have none)
            String[] fields = line.split("\t");
            int last = fields.length - 1;
            Optional<Instant> resolvedAt = resolvedAt(fields[last]);
            int id = resolvedAt.isPresent() ? last - 1 : last;
            String incident = String.join("\t", Arrays.copyOfRange(fields, 0, id));
            endedEpisodes.computeIfAbsent(incident, k -> ConcurrentHashMap.newKeySet()).add(fields[id]);
            resolvedAt.ifPresent(at -> lastResolutions.merge(incident, at, LATER));
        }
        this.json = json;
        finishedIds.addAll(lines(finishedLog));
        acknowledgedIds.addAll(lines(acknowledgedLog));
        laddersEnded.addAll(lines(laddersEndedLog));
        for (Pending p : pending()) {
            pendingIds.add(p.notification().id());
        }
    }

    /** Opens (creating when needed) the outbox in {@code dir}. */
    public static FileOutbox open(Path dir, JsonMapper json) {
        try {
            return new FileOutbox(dir, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the notification outbox '" + dir + "'", e);
        }
    }

    @Override
    public synchronized boolean add(Pending pending) {
        String id = pending.notification().id();
        if (finishedIds.contains(id) || pendingIds.contains(id)) {
            return false;
        }
        write(pendingDir.resolve(id + ".json"), json.writeValueAsBytes(pending));
        pendingIds.add(id);
        return true;
    }

    @Override
    public synchronized void finish(String notificationId) {
        if (finishedIds.add(notificationId)) {
            append(finishedLog, notificationId);
        }
        try {
            Files.deleteIfExists(pendingDir.resolve(notificationId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove pending notification '" + notificationId + "'", e);
        }
        pendingIds.remove(notificationId);
    }

    @Override
    public boolean finished(String notificationId) {
        return finishedIds.contains(notificationId);
    }

    @Override
    public List<Pending> pending() {
        List<Pending> all = new ArrayList<>();
        for (Path file : files(pendingDir)) {
            all.add(json.readValue(read(file), Pending.class));
        }
        all.sort(Comparator.comparing(Pending::queuedAt));
        return all;
    }

    @Override
    public synchronized void schedule(PendingEscalation escalation) {
        write(escalationFile(escalation.alert().incident()), json.writeValueAsBytes(escalation));
    }

    @Override
    public synchronized boolean scheduleFirst(PendingEscalation escalation) {
        String incident = escalation.alert().incident();
        if (laddersEnded.contains(incident.replace('\n', ' ')) || Files.exists(escalationFile(incident))) {
            return false;
        }
        schedule(escalation);
        return true;
    }

    @Override
    public synchronized void cancelEscalation(String incident) {
        try {
            Files.deleteIfExists(escalationFile(incident));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cancel the escalation of '" + incident + "'", e);
        }
    }

    @Override
    public synchronized void endLadder(String incident) {
        if (laddersEnded.add(incident.replace('\n', ' '))) {
            append(laddersEndedLog, incident.replace('\n', ' '));
        }
        cancelEscalation(incident);
    }

    @Override
    public List<PendingEscalation> escalations() {
        List<PendingEscalation> all = new ArrayList<>();
        for (Path file : files(escalationDir)) {
            all.add(json.readValue(read(file), PendingEscalation.class));
        }
        return all;
    }

    @Override
    public synchronized boolean acknowledge(String incident) {
        if (!acknowledgedIds.add(incident)) {
            return false;
        }
        append(acknowledgedLog, incident.replace('\n', ' '));
        return true;
    }

    @Override
    public boolean acknowledged(String incident) {
        return acknowledgedIds.contains(incident);
    }

    @Override
    public int episodesEnded(String incident) {
        return endedEpisodes.getOrDefault(incident, Set.of()).size();
    }

    @Override
    public synchronized void endEpisode(String incident, String resolutionEventId, Instant resolvedAt) {
        if (endedEpisodes.computeIfAbsent(incident, k -> ConcurrentHashMap.newKeySet()).add(resolutionEventId)) {
            append(episodesLog, incident.replace('\n', ' ') + "\t" + resolutionEventId + "\t" + resolvedAt);
            lastResolutions.merge(incident, resolvedAt, LATER);
        }
    }

    @Override
    public Optional<Instant> lastResolution(String incident) {
        return Optional.ofNullable(lastResolutions.get(incident));
    }

    private static Optional<Instant> resolvedAt(String field) {
        try {
            return Optional.of(Instant.parse(field));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Path escalationFile(String incident) {
        return escalationDir.resolve(UUID.nameUUIDFromBytes(incident.getBytes(StandardCharsets.UTF_8)) + ".json");
    }

    private static void write(Path target, byte[] bytes) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outbox file '" + target + "'", e);
        }
    }

    private static void append(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to '" + log + "'", e);
        }
    }

    private static List<String> lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list '" + dir + "'", e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read outbox file '" + file + "'", e);
        }
    }
}
