package io.lifeboat.restore.restoretest;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.restoretest.RestoreTestReport.Trigger;
import java.util.Optional;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/** Runs a restore test on the policy's {@code testing.restore-test.cron} (UTC) unless turned off. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RestoreTestSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RestoreTestSchedule.class);

    private final RestoreTester tester;
    private final Policy policy;
    private final RestoreProperties properties;

    RestoreTestSchedule(RestoreTester tester, Policy policy, RestoreProperties properties) {
        this.tester = tester;
        this.policy = policy;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.restoreTest().scheduled()) {
            log.info("scheduled restore tests are off (lifeboat.restore.restore-test.scheduled=false)");
            return;
        }
        String cron = policy.testing().restoreTestCron();
        log.info("restore tests scheduled on '{}' (UTC) from the policy", cron);
        registrar.addTriggerTask(() -> tester.submit(Trigger.SCHEDULED, "schedule", Optional.empty()),
                new CronTrigger(cron, TimeZone.getTimeZone("UTC")));
    }
}
