package io.lifeboat.notify.channel.statuspage;

import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.channel.ChannelSender;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Statuspage-style customer status page: a raising alert creates an incident
 * ({@code POST /v1/pages/{page}/incidents}), its resolution updates that incident to resolved
 * ({@code PATCH /v1/pages/{page}/incidents/{id}}). The page's incident ids are remembered in memory; a resolution
 * whose incident this instance did not create is posted as a new, already resolved incident.
 */
public final class StatusPageSender implements ChannelSender {

    private final HttpPost post;
    private final URI incidents;
    private final String authorization;
    private final JsonMapper json;
    private final Map<String, String> pageIncidents = new ConcurrentHashMap<>();

    public StatusPageSender(HttpPost post, URI baseUrl, String pageId, String apiKey, JsonMapper json) {
        this.post = post;
        this.incidents = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/v1/pages/" + pageId + "/incidents");
        this.authorization = "OAuth " + apiKey;
        this.json = json;
    }

    @Override
    public void send(Notification notification) throws ChannelFailure {
        Alert alert = notification.alert();
        String known = pageIncidents.get(alert.incident());
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("name", alert.title());
        incident.put("status", alert.resolution() ? "resolved" : "investigating");
        incident.put("body", (alert.resolution() ? "Resolved: " : "") + alert.whatHappened());
        if (alert.resolution() && known != null) {
            URI url = URI.create(incidents + "/" + known);
            post.send(request(url).method("PATCH", body(incident)), url);
            pageIncidents.remove(alert.incident());
            return;
        }
        String answer = post.send(request(incidents).POST(body(incident)), incidents);
        JsonNode id = answer == null || answer.isBlank() ? null : json.readTree(answer).get("id");
        if (!alert.resolution() && id != null) {
            pageIncidents.put(alert.incident(), id.asString());
        }
    }

    private HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url).header("Authorization", authorization)
                .header("Content-Type", "application/json");
    }

    private HttpRequest.BodyPublisher body(Map<String, Object> incident) {
        return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("incident", incident)));
    }
}
