package io.lifeboat.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** {@code lifeboat.backup.outbox-*} bound and validated as at start-up. */
class OutboxPropertiesTest {

    private static OutboxProperties bind(String dir, String interval) {
        SpringValidatorAdapter validator = new SpringValidatorAdapter(
                Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(Map.of("lifeboat.backup.outbox-dir", dir,
                "lifeboat.backup.outbox-resend-interval", interval))).bind("lifeboat.backup",
                Bindable.of(OutboxProperties.class), new ValidationBindHandler(validator)).get();
    }

    @Test
    void theOutboxDirectoryAndResendIntervalAreBoundAndAnEmptyDirectoryOrNoIntervalStopsStartUpNamingTheKey() {
        OutboxProperties bound = bind("/var/lib/lifeboat/outbox", "30s");
        assertThat(bound.outbox()).isEqualTo(Path.of("/var/lib/lifeboat/outbox"));
        assertThat(bound.outboxResendInterval()).isEqualTo(Duration.ofSeconds(30));

        assertThatThrownBy(() -> bind(" ", "30s")).isInstanceOf(BindException.class)
                .hasStackTraceContaining("outboxDir");
        assertThatThrownBy(() -> bind("/var/lib/lifeboat/outbox", "0s")).isInstanceOf(BindException.class)
                .hasStackTraceContaining("outboxResendInterval");
    }
}
