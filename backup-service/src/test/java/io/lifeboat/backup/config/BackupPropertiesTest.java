package io.lifeboat.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** {@code lifeboat.backup.*} bound and validated as at start-up. */
class BackupPropertiesTest {

    private static BackupProperties bind(String compressionLevel) {
        Map<String, String> values = new HashMap<>(Map.of(
                "lifeboat.backup.database.host", "db.internal", "lifeboat.backup.database.port", "5432",
                "lifeboat.backup.database.name", "calls", "lifeboat.backup.database.user", "lifeboat",
                "lifeboat.backup.locations[0].name", "primary", "lifeboat.backup.locations[0].tier", "PRIMARY",
                "lifeboat.backup.locations[0].url", "file:/var/lib/lifeboat/repo",
                "lifeboat.backup.dump-timeout", "6h", "lifeboat.backup.copy-retry-interval", "1m",
                "lifeboat.backup.retention-cron", "0 30 1 * * *"));
        values.put("lifeboat.backup.retry.max-attempts", "3");
        values.put("lifeboat.backup.retry.delay", "15m");
        values.put("lifeboat.backup.compression-level", compressionLevel);
        SpringValidatorAdapter validator = new SpringValidatorAdapter(
                Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(values)).bind("lifeboat.backup",
                Bindable.of(BackupProperties.class), new ValidationBindHandler(validator)).get();
    }

    @Test
    void theCompressionLevelIsBoundAndALevelOutsideOneToNineteenStopsStartUpNamingTheKey() {
        assertThat(bind("1").compressionLevel()).isEqualTo(1);
        assertThat(bind("19").compressionLevel()).isEqualTo(19);
        for (String wrong : new String[] {"0", "20", "-5"}) {
            assertThatThrownBy(() -> bind(wrong)).isInstanceOf(BindException.class)
                    .hasStackTraceContaining("compressionLevel");
        }
    }
}
