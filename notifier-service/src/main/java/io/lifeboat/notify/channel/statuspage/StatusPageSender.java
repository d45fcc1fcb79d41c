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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Statuspage-style customer status page: a raising alert creates an incident
 * ({@code POST /v1/pages/{page}/incidents}), its resolution updates that incident to resolved
 * ({@code PATCH /v1/pages/{page}/incidents/{id}}). The page's incident ids are remembered in memory; a resolution
 * whose incident this instance did not create, or whose creation was answered without a readable id, is posted as
 * a new, already resolved incident.
 */
public final class StatusPageSender implements ChannelSender {

    private static final Logger log = LoggerFactory.getLogger(StatusPageSender.class);

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
        JsonNode id = incidentId(answer);
        if (!alert.resolution() && id != null) {
            pageIncidents.put(alert.incident(), id.asString());
        }
    }

    /**
     * The id in the page's answer to a created incident; null when there is none. The incident exists once the page
     * answered 2xx, so an answer that is not JSON must not fail the delivery: sent again, it would post another
     * public incident on every retry.
     */
    private JsonNode incidentId(String answer) {
        if (answer == null || answer.isBlank()) {
            return null;
        }
        try {
            return json.readTree(answer).get("id");
        } catch (JacksonException e) {
            log.warn("the status page created the incident but its answer is not JSON; its resolution will be posted"
                    + " as a new resolved incident");
            return null;
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
