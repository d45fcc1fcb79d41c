package io.lifeboat.restore.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the DR topics, the only durable record of declared disasters, without a time limit: a DR topic that exists
 * with a retention (created by the broker for a consumer that subscribed first, or by hand) is set to
 * {@code retention.ms=-1} when the service first sees it, so no disaster is forgotten at a later restart. A broker
 * that refuses (no ALTER_CONFIGS permission) is reported as an error naming the topics and what to set; the service
 * goes on.
 */
final class DrTopicRetention {

    private static final Logger log = LoggerFactory.getLogger(DrTopicRetention.class);
    private static final String UNLIMITED = "-1";
    private static final long TIMEOUT_SECONDS = 30;

    private final Map<String, Object> adminConfig;
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    /** {@code clientConfig}: the Kafka client settings of the service (only the admin client's keys are used). */
    DrTopicRetention(Map<String, Object> clientConfig) {
        Map<String, Object> admin = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, value);
            }
        });
        this.adminConfig = admin;
    }

    /** Makes each of {@code topics} (which must exist) unlimited if it is not; returns the topics it changed. */
    List<String> ensureUnlimited(Collection<String> topics) {
        List<ConfigResource> unchecked = topics.stream().distinct().filter(t -> !checked.contains(t))
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        List<String> changed = new ArrayList<>();
        if (unchecked.isEmpty()) {
            return changed;
        }
        try (Admin admin = Admin.create(adminConfig)) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(unchecked).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (ConfigResource topic : unchecked) {
                ConfigEntry retention = configs.get(topic).get(TopicConfig.RETENTION_MS_CONFIG);
                if (retention == null || !UNLIMITED.equals(retention.value())) {
                    admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, UNLIMITED), AlterConfigOp.OpType.SET))))
                            .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    log.warn("DR topic '{}' kept records for {} ms only; its retention is now unlimited",
                            topic.name(), retention == null ? "?" : retention.value());
                    changed.add(topic.name());
                }
                checked.add(topic.name());
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.error("the retention of the DR topics {} cannot be checked or set ({}); set retention.ms=-1 on them,"
                    + " or disasters older than their retention are forgotten at a restart",
                    unchecked.stream().map(ConfigResource::name).toList(),
                    e instanceof ExecutionException ? e.getCause().toString() : e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return changed;
    }
}
