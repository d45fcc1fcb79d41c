package io.lifeboat.notify.messaging;

import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.notify.config.RunbookProperties;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The input bindings ({@code <function>-in-0} in notifier-service.yml). Each only maps its event and hands it
 * to the {@link EventIntake}.
 */
@Configuration(proxyBeanMethods = false)
class EventListeners {

    @Bean
    AlertMapping alertMapping(RunbookProperties runbooks) {
        return new AlertMapping(runbooks);
    }

    @Bean
    Consumer<AlertRaised> alertRaised(EventIntake intake, AlertMapping mapping) {
        return e -> intake.accept("AlertRaised", e.getHeader(), () -> Optional.of(mapping.alertRaised(e)));
    }

    @Bean
    Consumer<AlertResolved> alertResolved(EventIntake intake, AlertMapping mapping) {
        return e -> intake.accept("AlertResolved", e.getHeader(), () -> Optional.of(mapping.alertResolved(e)));
    }

    @Bean
    Consumer<BackupFailed> backupFailed(EventIntake intake, AlertMapping mapping) {
        return e -> intake.accept("BackupFailed", e.getHeader(), () -> Optional.of(mapping.backupFailed(e)));
    }

    @Bean
    Consumer<IntegrityChecked> integrityChecked(EventIntake intake, AlertMapping mapping) {
        return e -> intake.accept("IntegrityChecked", e.getHeader(), () -> mapping.integrityChecked(e));
    }

    @Bean
    Consumer<DrDeclared> drDeclared(EventIntake intake, AlertMapping mapping) {
        return e -> intake.accept("DrDeclared", e.getHeader(), () -> Optional.of(mapping.drDeclared(e)));
    }
}
