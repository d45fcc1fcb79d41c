package io.lifeboat.format.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole policy.
 *
 * @param id       document id, e.g. POL-ISMS-008
 * @param version  document version, e.g. 1.0
 * @param schedule backup schedule by data type name (database-full, database-wal, configuration, ...)
 */
public record Policy(String id, String version, Objectives objectives, List<Priority> priorities,
                     Map<String, ScheduleEntry> schedule, StorageTiers storage, Monitoring monitoring,
                     Testing testing, DisasterRecovery disasterRecovery, List<RecoveryScenario> recoveryMatrix,
                     Communication communication) {

    public Policy {
        priorities = List.copyOf(priorities);
        schedule = Map.copyOf(schedule);
        recoveryMatrix = List.copyOf(recoveryMatrix);
    }

    /** Carried in every event header, e.g. {@code POL-ISMS-008@1.0}. */
    public String policyId() {
        return id + "@" + version;
    }

    /** The priority whose services include {@code asset}. */
    public Optional<Priority> priorityOf(String asset) {
        return priorities.stream().filter(p -> p.services().contains(asset)).findFirst();
    }

    /** The RTO of {@code asset}'s priority (3.2), or the overall RTO (3.1) for an asset no priority names. */
    public Duration rtoOf(String asset) {
        return priorityOf(asset).map(Priority::rto).orElse(objectives.rto());
    }

    public Optional<RecoveryScenario> scenario(String name) {
        return recoveryMatrix.stream().filter(s -> s.scenario().equals(name)).findFirst();
    }

    /** 3.1 recovery targets. */
    public record Objectives(Duration rpo, Duration rto, Duration mttr) {
    }

    /** 3.2: a service priority, the services it covers, and their RTO. */
    public record Priority(String name, List<String> services, Duration rto) {
        public Priority {
            services = List.copyOf(services);
        }
    }

    /** How a data type's backups are started. */
    public enum Trigger {
        CRON, CONTINUOUS, ON_CHANGE
    }

    /**
     * 4.1/4.2: one data type's schedule.
     *
     * @param cron  Spring six-field cron in UTC; empty unless the trigger is CRON
     * @param asset the service (3.2) the data belongs to, which decides its RTO; an asset no priority lists gets
     *              the overall RTO of 3.1
     */
    public record ScheduleEntry(String dataType, Trigger trigger, Optional<String> cron, Duration retention,
                                String method, String asset) {
    }

    /** 4.3: the tiers every backup is copied to and the encryption required at rest. */
    public record StorageTiers(String encryption, List<TierRequirement> tiers) {
        public StorageTiers {
            tiers = List.copyOf(tiers);
        }
    }

    /** One required tier (PRIMARY, SECONDARY, COLD) and what it is for. */
    public record TierRequirement(String tier, String purpose) {
    }

    /** 10.1 thresholds and the runbook step each alert points to. */
    public record Monitoring(Rule backupFailure, Rule sizeAnomaly, Rule backupAge, Rule storageCapacity, Rule rpo,
                             Rule integrity) {
    }

    /**
     * One monitoring rule.
     *
     * @param percent  threshold as a percentage (size variance, storage use), when the rule has one
     * @param duration threshold as a duration (backup age), when the rule has one
     */
    public record Rule(Severity severity, Optional<Double> percent, Optional<Duration> duration, String runbook) {
    }

    /** 7.1/7.2 test cadence. */
    public record Testing(String integrityCron, Duration reverifyEvery, long dailyByteBudget, String restoreTestCron,
                          List<String> smokeQueries, String drTestEvery, String fullDrEvery) {
        public Testing {
            smokeQueries = List.copyOf(smokeQueries);
        }
    }

    /** 6.2 triggers and 6.3 phases. */
    public record DisasterRecovery(List<String> triggers, List<Phase> phases) {
        public DisasterRecovery {
            triggers = List.copyOf(triggers);
            phases = List.copyOf(phases);
        }
    }

    /** A DR phase that must be complete {@code endsAfter} the declaration, with its checklist. */
    public record Phase(String name, Duration endsAfter, List<String> checklist) {
        public Phase {
            checklist = List.copyOf(checklist);
        }
    }

    /** 5.1: a scenario, its impact, the approach and its ordered steps. */
    public record RecoveryScenario(String scenario, String impact, String approach, List<String> steps) {
        public RecoveryScenario {
            steps = List.copyOf(steps);
        }
    }

    /**
     * 9.2: the channels each stakeholder is reached on, which stakeholders hear about each severity, and how long an
     * unacknowledged critical waits before it escalates.
     */
    public record Communication(Map<String, List<String>> stakeholders, Map<Severity, List<String>> routing,
                                Duration escalateUnacknowledgedAfter) {
        public Communication {
            stakeholders = Map.copyOf(stakeholders);
            routing = Map.copyOf(routing);
        }
    }
}
