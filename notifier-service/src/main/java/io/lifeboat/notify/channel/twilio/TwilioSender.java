package io.lifeboat.notify.channel.twilio;

import io.lifeboat.notify.channel.AlertText;
import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.channel.ChannelSender;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.notification.Notification;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SMS ({@code Messages.json}) or a voice call ({@code Calls.json}, the text read out with TwiML {@code <Say>})
 * through Twilio's REST API, form-encoded with HTTP basic auth, to every number of the notification's stakeholder,
 * each once.
 */
public final class TwilioSender implements ChannelSender {

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
     * Per notification whose last attempt failed part-way, the numbers it reached: the retry sends to the others
     * only, so nobody gets the same text or call twice. Kept in memory (a restart sends to all numbers again) and
     * removed once every number is reached.
     */
    private final Map<String, Set<String>> reached = new ConcurrentHashMap<>();

    /**
     * @param baseUrl e.g. https://api.twilio.com
     * @param numbers the phone numbers of a stakeholder
     */
    public TwilioSender(HttpPost post, URI baseUrl, String accountSid, String authToken, String from, Kind kind,
                        Function<String, List<String>> numbers) {
        this.post = post;
        this.url = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/"
                + URLEncoder.encode(accountSid, StandardCharsets.UTF_8) + "/" + kind.resource);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        this.from = from;
        this.kind = kind;
        this.numbers = numbers;
    }

    @Override
    public void send(Notification notification) throws ChannelFailure {
        String text = AlertText.of(notification).brief();
        Set<String> done = reached.computeIfAbsent(notification.id(), id -> ConcurrentHashMap.newKeySet());
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
        }
        reached.remove(notification.id());
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
