import com.sun.net.httpserver.HttpServer;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.common.Severity;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.notify.NotifierServiceApplication;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topics;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Alerts per second and latency from AlertRaised on Kafka to receipt at a healthy webhook, for notifier-service
 * (durable outbox, resilience4j, HMAC) and for a baseline in the same run: a bare Kafka consumer that POSTs each
 * record to the same receiver at once (no outbox, no retries, no signing).
 *
 * <p>Per system: a warm-up burst, then a burst of N alerts (throughput = N / time from first send to last receipt)
 * and a paced run at R alerts/s (latency per alert = receipt time - send time; median and p99).
 */
public class NotifierLatencyBench {

    static final Pattern INCIDENT = Pattern.compile("\"(?:incident|alertId)\":\"([^\"]+)\"");
    static final Map<String, Long> received = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int burst = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int paced = Integer.parseInt(args[3]);
        String policy = args[4];

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.createContext("/hook", exchange -> {
            long now = System.nanoTime();
            try (InputStream in = exchange.getRequestBody()) {
                Matcher m = INCIDENT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (m.find()) {
                    received.putIfAbsent(m.group(1), now);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"));
             SchemaRegistryServer registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0)) {
            SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
            KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
                    "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
                    new AvroEventSerializer(client));

            // baseline: a bare consumer posting each record to the receiver at once
            String baselineTopic = "bench.baseline-alerts";
            AtomicBoolean running = new AtomicBoolean(true);
            Thread baseline = new Thread(() -> bareConsumer(broker.bootstrapServers(), client, baselineTopic, hook,
                    running), "baseline-consumer");
            baseline.start();
            Result base = measure("baseline (bare consumer + POST)", producer, baselineTopic, burst, rate, paced);
            running.set(false);
            baseline.join();

            ConfigurableApplicationContext app = NotifierServiceApplication.builder().run(
                    "--server.port=0", "--spring.jmx.enabled=false", "--logging.level.root=WARN",
                    "--logging.level.io.lifeboat=WARN",
                    "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                    "--lifeboat.schema-registry.url=" + registry.url(),
                    "--lifeboat.policy.file=" + policy,
                    "--lifeboat.notifier.webhook.url=" + hook,
                    "--lifeboat.notifier.webhook.secret=bench-secret-0123456789",
                    "--lifeboat.notifier.delivery.outbox-directory=" + work.resolve("outbox"));
            Result lifeboat;
            try {
                lifeboat = measure("notifier-service", producer, Topics.ALERT_RAISED.name(), burst, rate, paced);
            } finally {
                app.close();
            }
            producer.close();
            System.out.println();
            System.out.printf("| system | burst alerts/s | paced p50 ms | paced p99 ms | paced max ms |%n");
            System.out.printf("|---|---|---|---|---|%n");
            for (Result r : List.of(base, lifeboat)) {
                System.out.printf("| %s | %.0f | %.1f | %.1f | %.1f |%n", r.name, r.perSecond, r.p50, r.p99, r.max);
            }
            System.out.printf("ratio notifier/baseline: throughput %.2f, p50 %.2f, p99 %.2f%n",
                    lifeboat.perSecond / base.perSecond, lifeboat.p50 / base.p50, lifeboat.p99 / base.p99);
        } finally {
            receiver.stop(0);
            System.exit(0);
        }
    }

    record Result(String name, double perSecond, double p50, double p99, double max) {
    }

    static Result measure(String name, KafkaProducer<String, SpecificRecord> producer, String topic, int burst,
                          int rate, int paced) throws Exception {
        System.out.println("== " + name + ": warm-up");
        burst(producer, topic, Math.max(200, burst / 4));
        System.out.println("== " + name + ": burst of " + burst);
        double perSecond = burst(producer, topic, burst);
        System.out.printf("   %.0f alerts/s%n", perSecond);
        System.out.println("== " + name + ": " + paced + " alerts paced at " + rate + "/s");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < paced; i++) {
            while (System.nanoTime() < start + i * interval) {
                Thread.onSpinWait();
            }
            AlertRaised a = alert();
            sentAt.put(a.getAlertId(), System.nanoTime());
            producer.send(new ProducerRecord<>(topic, a.getAlertId(), a));
        }
        awaitAll(sentAt.keySet());
        double[] ms = sentAt.entrySet().stream()
                .mapToDouble(e -> (received.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
        double p50 = ms[ms.length / 2];
        double p99 = ms[(int) Math.ceil(ms.length * 0.99) - 1];
        System.out.printf("   p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", p50, p99, ms[ms.length - 1]);
        return new Result(name, perSecond, p50, p99, ms[ms.length - 1]);
    }

    static double burst(KafkaProducer<String, SpecificRecord> producer, String topic, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            AlertRaised a = alert();
            ids.add(a.getAlertId());
            producer.send(new ProducerRecord<>(topic, a.getAlertId(), a));
        }
        producer.flush();
        awaitAll(ids);
        long last = ids.stream().mapToLong(received::get).max().orElseThrow();
        return n / ((last - start) / 1e9);
    }

    static void awaitAll(java.util.Collection<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!received.keySet().containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not all alerts arrived within 5 minutes");
            }
            Thread.sleep(5);
        }
    }

    static void bareConsumer(String bootstrap, SchemaRegistryClient client, String topic, String hook,
                             AtomicBoolean running) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new AvroEventDeserializer(client))) {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(50))) {
                    String body = "{\"alertId\":\"" + ((AlertRaised) r.value()).getAlertId() + "\"}";
                    http.send(HttpRequest.newBuilder(URI.create(hook)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            }
        } catch (Exception e) {
            if (running.get()) {
                throw new IllegalStateException(e);
            }
        }
    }

    static AlertRaised alert() {
        String id = "BENCH:" + UUID.randomUUID();
        return AlertRaised.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setProducer(new Producer("bench", "bench-1"))
                        .setCorrelationId("bench").setPolicyId("POL-ISMS-008@1.0").build())
                .setAlertId(id)
                .setSeverity(Severity.CRITICAL)
                .setRule("BACKUP_AGE")
                .setSubject("bench database")
                .setSummary("no successful backup for 26.5 h")
                .setObservedValue("26.5 h")
                .setThreshold("25 h (policy 10.1)")
                .setRunbookStep("POL-ISMS-008 10.1: run a full backup now")
                .build();
    }
}
