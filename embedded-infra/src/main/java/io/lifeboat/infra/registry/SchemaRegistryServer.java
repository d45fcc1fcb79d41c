package io.lifeboat.infra.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent Schema Registry REST API (Avro schemas), on the JDK's HTTP server,
 * keeping all its state in the compacted Kafka topic {@code _schemas}. Any number of instances may run against one
 * broker at the same time; they agree on every id and version because the topic's order decides (see the package
 * documentation).
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0)) {
 *     URI url = registry.url(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final int HTTP_THREADS = 8;

    private final HttpServer http;
    private final ExecutorService executor;
    private final KafkaRegistryLog kafkaLog;
    private final URI url;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private SchemaRegistryServer(HttpServer http, ExecutorService executor, KafkaRegistryLog kafkaLog) {
        this.http = http;
        this.executor = executor;
        this.kafkaLog = kafkaLog;
        this.url = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /**
     * Starts a registry on {@code 127.0.0.1:port} ({@code 0}: a free port) backed by the broker at
     * {@code kafkaBootstrapServers}. Returns once the whole {@code _schemas} topic is loaded and the port serves.
     *
     * @throws IllegalStateException if Kafka cannot be reached or the topic cannot be set up or read within 30 s
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static SchemaRegistryServer start(String kafkaBootstrapServers, int port) {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        RegistryState state = new RegistryState();
        KafkaRegistryLog kafkaLog;
        try {
            kafkaLog = KafkaRegistryLog.open(kafkaBootstrapServers, state, KAFKA_TIMEOUT);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the schema registry on Kafka " + kafkaBootstrapServers
                    + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
        try {
            SchemaRegistry registry = new SchemaRegistry(state, kafkaLog);
            Router router = new Router();
            new SubjectEndpoints(registry).addTo(router);
            new SchemaEndpoints(registry).addTo(router);
            new CompatibilityEndpoints(registry).addTo(router);
            new ConfigEndpoints(registry).addTo(router);
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            http.createContext("/", new HttpApi(router));
            http.setExecutor(executor);
            http.start();
            SchemaRegistryServer server = new SchemaRegistryServer(http, executor, kafkaLog);
            log.info("schema registry at {} on Kafka {}", server.url(), kafkaBootstrapServers);
            return server;
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            kafkaLog.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on port " + port, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
    public URI url() {
        return url;
    }

    /** Stops serving HTTP and closes the Kafka clients. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        kafkaLog.close();
        closed.countDown();
    }

    /** {@code --kafka host:port [--port N]} (default port 8081); runs until the JVM is stopped. */
    public static void main(String[] args) throws InterruptedException {
        String kafka = null;
        int port = 8081;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kafka" -> kafka = value(args, ++i);
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; usage: --kafka host:port [--port N]");
            }
        }
        if (kafka == null) {
            throw new IllegalArgumentException("usage: --kafka host:port [--port N]");
        }
        SchemaRegistryServer server = start(kafka, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "schema-registry-shutdown"));
        System.out.println("schema registry listening at " + server.url());
        server.closed.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value for " + args[i - 1]);
        }
        return args[i];
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
