package io.lifeboat.notify.channel.twilio;

import io.lifeboat.notify.channel.AlertText;
import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.channel.ChannelSender;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.notification.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS ({@code Messages.json}) or a voice call ({@code Calls.json}, the text read out with TwiML {@code <Say>})
 * through Twilio's REST API, form-encoded with HTTP basic auth, to every number of the notification's stakeholder,
 * each once, also across retries and restarts.
 */
public final class TwilioSender implements ChannelSender {

    private static final Logger log = LoggerFactory.getLogger(TwilioSender.class);

    /** What a notification becomes. */
    public enum Kind {
        SMS("Messages.json"), VOICE("Calls.json");

        final String resource;

        Kind(String resource) {
            this.resource = resource;
        }
    }

    private final HttpPost post;
    private final URI url;
    private final String authorization;
    private final String from;
    private final Kind kind;
    private final Function<String, List<String>> numbers;
    /**
     * Where, per notification not yet sent to all its numbers, the numbers it reached are recorded: one file per
     * notification, a number per line, appended and synced after each number is reached and removed once every number
     * is. A retry, also after a restart, sends to the others only, so nobody gets the same text or call twice (only a
     * crash between Twilio's answer and the append repeats that one number).
     */
    private final Path reachedDirectory;

    /**
     * @param baseUrl          e.g. https://api.twilio.com
     * @param numbers          the phone numbers of a stakeholder
     * @param reachedDirectory where the numbers reached by notifications not sent to all theirs are kept; must
     *                         survive restarts like the outbox (it sits in the outbox directory), one per channel
     */
    public TwilioSender(HttpPost post, URI baseUrl, String accountSid, String authToken, String from, Kind kind,
                        Function<String, List<String>> numbers, Path reachedDirectory) {
        this.post = post;
        this.url = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/"
                + URLEncoder.encode(accountSid, StandardCharsets.UTF_8) + "/" + kind.resource);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        this.from = from;
        this.kind = kind;
        this.numbers = numbers;
        this.reachedDirectory = reachedDirectory;
    }

    @Override
    public void send(Notification notification) throws ChannelFailure {
        String text = AlertText.of(notification).brief();
        Path record = reachedDirectory.resolve(UUID.nameUUIDFromBytes(notification.id()
                .getBytes(StandardCharsets.UTF_8)) + ".numbers");
        Set<String> done = reached(record);
        for (String to : numbers.apply(notification.audience())) {
            if (done.contains(to)) {
                continue;
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("To", to);
            form.put("From", from);
            if (kind == Kind.SMS) {
                form.put("Body", text.length() > 1500 ? text.substring(0, 1500) : text);
            } else {
                form.put("Twiml", "<Response><Say>" + AlertText.escape(text) + "</Say></Response>");
            }
            post.send(HttpRequest.newBuilder(url)
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form))), url);
            done.add(to);
            recordReached(record, to);
        }
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            log.warn("could not remove '{}' (the numbers a sent notification reached): {}", record, e.getMessage());
        }
    }

    /** The numbers recorded in {@code record}; none when it cannot be read (every number is then sent to). */
    private static Set<String> reached(Path record) {
        try {
            return Files.exists(record) ? new HashSet<>(Files.readAllLines(record, StandardCharsets.UTF_8))
                    : new HashSet<>();
        } catch (IOException e) {
            log.warn("could not read '{}', the numbers a notification reached; sending to all: {}", record,
                    e.getMessage());
            return new HashSet<>();
        }
    }

    /** Appends {@code number} to {@code record}, synced; a failure costs only a repeat after a restart. */
    private void recordReached(Path record, String number) {
        try {
            Files.createDirectories(reachedDirectory);
            Files.writeString(record, number + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            log.warn("could not record in '{}' that a notification reached a number: {}", record, e.getMessage());
        }
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return "TwilioSender[" + kind + "]";
    }
}
