package io.lifeboat.notify.channel.slack;

import io.lifeboat.notify.channel.AlertText;
import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.channel.ChannelSender;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.notification.Notification;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Posts a notification to a Slack incoming webhook as mrkdwn text (the URL is the secret: never logged). */
public final class SlackSender implements ChannelSender {

    private final HttpPost post;
    private final URI url;
    private final JsonMapper json;

    public SlackSender(HttpPost post, URI url, JsonMapper json) {
        this.post = post;
        this.url = url;
        this.json = json;
    }

    @Override
    public void send(Notification notification) throws ChannelFailure {
        post.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body(notification)))), url);
    }

    static Map<String, Object> body(Notification notification) {
        AlertText text = AlertText.of(notification);
        StringBuilder b = new StringBuilder("*").append(text.subjectLine()).append("*\n");
        for (String[] f : text.facts()) {
            b.append("*").append(f[0]).append(":* ").append(f[1]).append('\n');
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", b.toString());
        return body;
    }
}
