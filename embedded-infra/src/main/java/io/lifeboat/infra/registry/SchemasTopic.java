package io.lifeboat.infra.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code _schemas} topic: one partition (one total order), compacted, replication 1 (one machine). */
final class SchemasTopic {

    static final String NAME = "_schemas";
    static final TopicPartition PARTITION = new TopicPartition(NAME, 0);

    private static final Logger log = LoggerFactory.getLogger(SchemasTopic.class);

    private SchemasTopic() {
    }

    /** Creates the topic unless it exists (another instance may create it at the same time); checks it has one partition. */
    static void ensure(Admin admin, Duration timeout) {
        try {
            NewTopic topic = new NewTopic(NAME, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("created topic {} (1 partition, compacted)", NAME);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            TopicDescription description = describeOnceKnown(admin, timeout);
            if (description.partitions().size() != 1) {
                throw new IllegalStateException("topic " + NAME + " has " + description.partitions().size()
                        + " partitions; the schema registry needs exactly one (a single total order)");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, NAME);
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
                log.warn("topic {} has cleanup.policy={}; records may expire and take schemas with them", NAME, policy);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw RegistryError.STORE_ERROR.exception("Error in the backend data store: cannot set up topic " + NAME
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.STORE_ERROR.exception("interrupted while setting up topic " + NAME, e);
        }
    }

    /**
     * The topic's description. A topic created a moment ago may not be known yet to the broker that answers (its
     * metadata is still spreading): asked again until {@code timeout} has passed.
     */
    private static TopicDescription describeOnceKnown(Admin admin, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeTopics(List.of(NAME)).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(NAME);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The offset the next record of the topic will get. */
    static long endOffset(Admin admin, Duration timeout) {
        try {
            ListOffsetsResultInfo info = admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest()))
                    .partitionResult(PARTITION).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return info.offset();
        } catch (ExecutionException e) {
            throw RegistryError.STORE_ERROR.exception("Error in the backend data store: cannot read the end of "
                    + NAME + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw RegistryError.OPERATION_TIMEOUT.exception("Operation timed out: reading the end of " + NAME, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.STORE_ERROR.exception("interrupted while reading the end of " + NAME, e);
        }
    }
}
