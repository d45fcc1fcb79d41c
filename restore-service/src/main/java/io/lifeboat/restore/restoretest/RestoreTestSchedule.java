package io.lifeboat.restore.restoretest;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.restoretest.RestoreTestReport.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs a restore test on the policy's {@code testing.restore-test.cron} (UTC) unless turned off, and catches up a
 * firing that no documented test followed (the service was down, or died during the test): checked every
 * {@link #CATCH_UP_EVERY}, first {@link #CATCH_UP_FIRST_AFTER} after start-up (when the catalogue has been rebuilt
 * from its topic), once {@link #GRACE} has passed since the firing.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RestoreTestSchedule implements SchedulingConfigurer {

    static final Duration CATCH_UP_EVERY = Duration.ofHours(1);
    static final Duration CATCH_UP_FIRST_AFTER = Duration.ofMinutes(15);
    /** Longer than a restore test of a large database takes, so a running one is not doubled. */
    static final Duration GRACE = Duration.ofHours(6);

    private static final Logger log = LoggerFactory.getLogger(RestoreTestSchedule.class);

    private final RestoreTester tester;
    private final Policy policy;
    private final RestoreProperties properties;
    private final Clock clock;
    /** When this process last started a scheduled test (its own or a catch-up). */
    private volatile Instant lastSubmitted;

    RestoreTestSchedule(RestoreTester tester, Policy policy, RestoreProperties properties, Clock clock) {
        this.tester = tester;
        this.policy = policy;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.restoreTest().scheduled()) {
            log.info("scheduled restore tests are off (lifeboat.restore.restore-test.scheduled=false)");
            return;
        }
        String cron = policy.testing().restoreTestCron();
        log.info("restore tests scheduled on '{}' (UTC) from the policy", cron);
        registrar.addTriggerTask(() -> submit("schedule"), new CronTrigger(cron, TimeZone.getTimeZone("UTC")));
        registrar.addFixedDelayTask(new FixedDelayTask(() -> catchUp(CronExpression.parse(cron)), CATCH_UP_EVERY,
                CATCH_UP_FIRST_AFTER));
    }

    void catchUp(CronExpression cron) {
        try {
            MissedRestoreTest.find(cron, clock.instant(), GRACE, tester.reports(), Optional.ofNullable(lastSubmitted))
                    .ifPresent(fired -> {
                        log.warn("the restore test due at {} (cron '{}') has no report: running it now", fired,
                                policy.testing().restoreTestCron());
                        submit("schedule (catching up the test due at " + fired + ")");
                    });
        } catch (RuntimeException e) {
            log.error("could not check for a missed restore test (checked again in {}): {}", CATCH_UP_EVERY,
                    e.getMessage());
        }
    }

    private void submit(String requestedBy) {
        lastSubmitted = clock.instant();
        tester.submit(Trigger.SCHEDULED, requestedBy, Optional.empty());
    }
}
