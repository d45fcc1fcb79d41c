package io.lifeboat.format.policy;

import io.lifeboat.format.policy.Policy.Communication;
import io.lifeboat.format.policy.Policy.DisasterRecovery;
import io.lifeboat.format.policy.Policy.Monitoring;
import io.lifeboat.format.policy.Policy.Objectives;
import io.lifeboat.format.policy.Policy.Phase;
import io.lifeboat.format.policy.Policy.Priority;
import io.lifeboat.format.policy.Policy.RecoveryScenario;
import io.lifeboat.format.policy.Policy.Rule;
import io.lifeboat.format.policy.Policy.ScheduleEntry;
import io.lifeboat.format.policy.Policy.StorageTiers;
import io.lifeboat.format.policy.Policy.Testing;
import io.lifeboat.format.policy.Policy.TierRequirement;
import io.lifeboat.format.policy.Policy.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads and validates the policy file. */
public final class PolicyFile {

    private static final Set<String> TIERS = Set.of("PRIMARY", "SECONDARY", "COLD");

    private PolicyFile() {
    }

    public static Policy load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PolicyException("policy file '" + file + "' does not exist", e);
        } catch (IOException e) {
            throw new PolicyException("unable to read policy file '" + file + "': " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses policy YAML; {@code source} names it in errors. */
    public static Policy parse(String yaml, String source) {
        JsonNode tree;
        try {
            tree = YAMLMapper.builder().build().readTree(yaml);
        } catch (JacksonException e) {
            throw new PolicyException("policy file '" + source + "' is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new PolicyException("policy file '" + source + "' is empty or not a mapping");
        }
        try {
            return read(new PolicyNode(tree, ""));
        } catch (PolicyException e) {
            throw new PolicyException(e.getMessage() + " (in " + source + ")", e);
        }
    }

    private static Policy read(PolicyNode root) {
        PolicyNode head = root.child("policy");
        Objectives objectives = objectives(root.child("objectives"));
        List<Priority> priorities = root.list("priorities").stream().map(PolicyFile::priority).toList();
        Map<String, ScheduleEntry> schedule = new LinkedHashMap<>();
        root.entries("schedule").forEach((name, node) -> schedule.put(name, schedule(name, node)));
        return new Policy(head.text("id"), head.text("version"), objectives, priorities, schedule,
                storage(root.child("storage")), monitoring(root.child("monitoring")), testing(root.child("testing")),
                disasterRecovery(root.child("disaster-recovery")),
                root.list("recovery-matrix").stream().map(PolicyFile::scenario).toList(),
                communication(root.child("communication")));
    }

    private static Objectives objectives(PolicyNode n) {
        return new Objectives(n.duration("rpo"), n.duration("rto"), n.duration("mttr"));
    }

    private static Priority priority(PolicyNode n) {
        return new Priority(n.text("name"), n.texts("services"), n.duration("rto"));
    }

    private static ScheduleEntry schedule(String name, PolicyNode n) {
        Trigger trigger = n.enumValue("trigger", Trigger.class);
        Optional<String> cron = trigger == Trigger.CRON ? Optional.of(cron(n, "cron")) : Optional.empty();
        return new ScheduleEntry(name, trigger, cron, n.duration("retention"), n.text("method"), n.text("asset"));
    }

    private static String cron(PolicyNode n, String key) {
        String cron = n.text(key);
        if (cron.split("\\s+").length != 6) {
            throw new PolicyException("policy key '" + n.path() + "." + key + "' must be a six-field cron"
                    + " (second minute hour day month weekday, UTC), was '" + cron + "'");
        }
        return cron;
    }

    private static StorageTiers storage(PolicyNode n) {
        String encryption = n.text("encryption");
        if (!encryption.equalsIgnoreCase("AES-256")) {
            throw new PolicyException("policy key '" + n.path() + ".encryption' must be AES-256 (policy 4.3), was '"
                    + encryption + "'");
        }
        List<TierRequirement> tiers = n.list("tiers").stream().map(t -> {
            String tier = t.text("tier");
            if (!TIERS.contains(tier)) {
                throw new PolicyException("policy key '" + t.path() + ".tier' must be one of " + TIERS + ", was '"
                        + tier + "'");
            }
            return new TierRequirement(tier, t.text("purpose"));
        }).toList();
        return new StorageTiers(encryption, tiers);
    }

    private static Monitoring monitoring(PolicyNode n) {
        return new Monitoring(rule(n.child("backup-failure"), false, false),
                rule(n.child("size-anomaly"), true, false), rule(n.child("backup-age"), false, true),
                rule(n.child("storage-capacity"), true, false), rule(n.child("rpo"), false, false),
                rule(n.child("integrity"), false, false));
    }

    private static Rule rule(PolicyNode n, boolean percent, boolean duration) {
        return new Rule(n.enumValue("severity", Severity.class),
                percent ? Optional.of(n.percent("threshold")) : Optional.empty(),
                duration ? Optional.of(n.duration("threshold")) : Optional.empty(), n.text("runbook"));
    }

    private static Testing testing(PolicyNode n) {
        PolicyNode integrity = n.child("integrity-check");
        PolicyNode restore = n.child("restore-test");
        return new Testing(cron(integrity, "cron"), integrity.duration("reverify-every"),
                integrity.bytes("daily-byte-budget"), cron(restore, "cron"), restore.texts("smoke-queries"),
                n.child("dr-test").text("every"), n.child("full-dr").text("every"));
    }

    private static DisasterRecovery disasterRecovery(PolicyNode n) {
        List<Phase> phases = n.list("phases").stream()
                .map(p -> new Phase(p.text("name"), p.duration("ends-after"), p.texts("checklist"))).toList();
        for (int i = 1; i < phases.size(); i++) {
            if (phases.get(i).endsAfter().compareTo(phases.get(i - 1).endsAfter()) <= 0) {
                throw new PolicyException("policy key '" + n.path() + ".phases[" + i + "].ends-after' must be later"
                        + " than the phase before it");
            }
        }
        return new DisasterRecovery(n.texts("triggers"), phases);
    }

    private static RecoveryScenario scenario(PolicyNode n) {
        return new RecoveryScenario(n.text("scenario"), n.text("impact"), n.text("approach"), n.texts("steps"));
    }

    private static Communication communication(PolicyNode n) {
        Map<String, List<String>> stakeholders = new LinkedHashMap<>();
        n.entries("stakeholders").forEach((name, channels) -> stakeholders.put(name, channelsOf(channels)));
        Map<Severity, List<String>> routing = new EnumMap<>(Severity.class);
        n.entries("routing").forEach((severity, who) -> {
            Severity s;
            try {
                s = Severity.valueOf(severity);
            } catch (IllegalArgumentException e) {
                throw new PolicyException("policy key '" + who.path() + "' is not a severity; use one of "
                        + List.of(Severity.values()));
            }
            List<String> names = channelsOf(who);
            names.stream().filter(name -> !stakeholders.containsKey(name)).findFirst().ifPresent(name -> {
                throw new PolicyException("policy key '" + who.path() + "' names stakeholder '" + name
                        + "', which 'communication.stakeholders' does not define");
            });
            routing.put(s, names);
        });
        return new Communication(stakeholders, routing, n.duration("escalate-unacknowledged-after"));
    }

    private static List<String> channelsOf(PolicyNode list) {
        return list.texts();
    }
}
