package io.lifeboat.runtime.system;

import io.lifeboat.backup.BackupServiceApplication;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.postgres.SampleSaasData;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.notify.NotifierServiceApplication;
import io.lifeboat.restore.RestoreServiceApplication;
import io.lifeboat.runtime.inbox.WebhookInbox;
import io.lifeboat.verify.VerifyServiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything the embedded default runs, started in dependency order and closed in reverse. The operator token
 * for restores is generated per run and kept in memory only.
 */
public final class LocalSystem implements AutoCloseable {

    public static final String SOURCE_DATABASE = "prosaas_production";
    public static final String OPERATOR = "demo-operator";
    private static final String[] TIERS = {"primary:PRIMARY", "secondary:SECONDARY", "cold:COLD"};

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path workDir;
    private final Consumer<String> say;
    private KafkaBroker broker;
    private SchemaRegistryServer registry;
    private PostgresCluster postgres;
    private WebhookInbox inbox;
    private final List<ServiceHandle> services = new ArrayList<>();
    private final String operatorToken = newToken();
    private final String webhookSecret = newToken();

    /** A running service: its name and where its REST API listens. */
    public record ServiceHandle(String name, ConfigurableApplicationContext context) {
        public URI url() {
            return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        }
    }

    private final Path policyFile;
    private Path keysetFile;

    private LocalSystem(Path workDir, Path policyFile, Consumer<String> say) {
        this.workDir = workDir;
        this.policyFile = policyFile;
        this.say = say;
    }

    /** Starts everything under {@code workDir} with the project's policy file; one line per step to {@code say}. */
    public static LocalSystem start(Path workDir, Consumer<String> say) {
        return start(workDir, PolicyLocation.find(), say);
    }

    /** Starts everything under {@code workDir} with the given policy file. */
    public static LocalSystem start(Path workDir, Path policyFile, Consumer<String> say) {
        LocalSystem system = new LocalSystem(workDir, policyFile, say);
        try {
            system.startInfrastructure();
            system.startServices();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startInfrastructure() {
        say.accept("starting Kafka broker (KRaft) ...");
        broker = track(KafkaBroker.start(workDir.resolve("kafka")));
        say.accept("Kafka broker ready at " + broker.bootstrapServers());
        registry = track(SchemaRegistryServer.start(broker.bootstrapServers(), 0));
        say.accept("schema registry ready at " + registry.url());
        postgres = track(PostgresCluster.start("source"));
        postgres.createDatabase(SOURCE_DATABASE);
        SampleSaasData.load(postgres, SOURCE_DATABASE, 1);
        say.accept("PostgreSQL ready on port " + postgres.port() + " with sample database '" + SOURCE_DATABASE
                + "' (tenants, agents, calls, transcripts)");
        for (String tier : TIERS) {
            try {
                Files.createDirectories(storage(tier.split(":")[0]));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create storage under " + workDir, e);
            }
        }
        say.accept("storage: primary, secondary and cold tiers under " + workDir.resolve("storage"));
        keysetFile = workDir.resolve("keys").resolve("master-keys.json");
        try {
            Files.createDirectories(keysetFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + keysetFile.getParent(), e);
        }
        LocalKeysetMasterKeys.createFile(keysetFile);
        say.accept("master keyset created at " + keysetFile + "; policy " + policyFile);
        inbox = track(WebhookInbox.start());
        say.accept("on-call webhook inbox listening at " + inbox.url());
    }

    private void startServices() {
        services.add(startService("backup-service", BackupServiceApplication.builder(), backupProperties()));
        services.add(startService("verify-service", VerifyServiceApplication.builder(),
                locations("lifeboat.verify.locations")));
        services.add(startService("restore-service", RestoreServiceApplication.builder(), restoreProperties()));
        services.add(startService("notifier-service", NotifierServiceApplication.builder(), List.of(
                "lifeboat.notifier.webhook.url=" + inbox.url(),
                "lifeboat.notifier.delivery.outbox-directory=" + dir("notifier-service/outbox"),
                "lifeboat.notifier.webhook.secret=" + webhookSecret)));
    }

    private ServiceHandle startService(String name, SpringApplicationBuilder builder, List<String> specific) {
        say.accept("starting " + name + " ...");
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "spring.main.banner-mode=off",
                "spring.jmx.enabled=false",
                "logging.level.root=WARN",
                // the demonstration prints every event itself; services speak up only on errors
                "logging.level.io.lifeboat=ERROR",
                "spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "lifeboat.schema-registry.url=" + registry.url(),
                "lifeboat.service.instance=" + name + "-local",
                "lifeboat.policy.file=" + policyFile,
                "lifeboat.keys.keyset-file=" + keysetFile));
        properties.addAll(specific);
        // command-line arguments outrank the service's own yml, default properties would not
        ConfigurableApplicationContext context = builder.run(properties.stream().map(p -> "--" + p)
                .toArray(String[]::new));
        track(context::close);
        ServiceHandle handle = new ServiceHandle(name, context);
        say.accept(name + " ready at " + handle.url());
        return handle;
    }

    private List<String> backupProperties() {
        List<String> p = new ArrayList<>(List.of(
                "lifeboat.backup.schedule-enabled=false",
                "lifeboat.backup.wal.spool-dir=" + dir("backup-service/wal-spool"),
                "lifeboat.backup.outbox-dir=" + dir("backup-service/outbox"),
                "lifeboat.backup.database.host=127.0.0.1",
                "lifeboat.backup.database.port=" + postgres.port(),
                "lifeboat.backup.database.name=" + SOURCE_DATABASE,
                "lifeboat.backup.database.user=" + PostgresCluster.SUPERUSER));
        p.addAll(locations("lifeboat.backup.locations"));
        return p;
    }

    private List<String> restoreProperties() {
        List<String> p = new ArrayList<>(List.of(
                "lifeboat.restore.scratch-dir=" + dir("restore-service/scratch"),
                "lifeboat.restore.restore-test.scheduled=false",
                "lifeboat.restore.restore-test.reports=" + Path.of(dir("restore-service/reports")).toUri(),
                "lifeboat.restore.target.host=127.0.0.1",
                "lifeboat.restore.target.port=" + postgres.port(),
                "lifeboat.restore.target.user=" + PostgresCluster.SUPERUSER,
                "lifeboat.restore.operators[0].name=" + OPERATOR,
                "lifeboat.restore.operators[0].token-sha256=" + sha256(operatorToken),
                "lifeboat.restore.operators[0].roles=RESTORE,DR_DECLARE"));
        p.addAll(locations("lifeboat.restore.locations"));
        return p;
    }

    private List<String> locations(String prefix) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < TIERS.length; i++) {
            String[] nameAndTier = TIERS[i].split(":");
            p.add(prefix + "[" + i + "].name=" + nameAndTier[0]);
            p.add(prefix + "[" + i + "].tier=" + nameAndTier[1]);
            p.add(prefix + "[" + i + "].url=" + storage(nameAndTier[0]).toUri());
        }
        return p;
    }

    /** A working directory of one service (spools, scratch space, outbox). */
    private String dir(String name) {
        Path dir = workDir.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir.toString();
    }

    public Path storage(String location) {
        return workDir.resolve("storage").resolve(location);
    }

    public KafkaBroker broker() {
        return broker;
    }

    public SchemaRegistryServer registry() {
        return registry;
    }

    public PostgresCluster postgres() {
        return postgres;
    }

    public WebhookInbox inbox() {
        return inbox;
    }

    public ServiceHandle service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service '" + name + "'"));
    }

    /** The key the notifier signs webhook bodies with; never printed. */
    public String webhookSecret() {
        return webhookSecret;
    }

    /** The API token of {@link #OPERATOR}; never printed. */
    public String operatorToken() {
        return operatorToken;
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                say.accept("while stopping: " + e.getMessage());
            }
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
