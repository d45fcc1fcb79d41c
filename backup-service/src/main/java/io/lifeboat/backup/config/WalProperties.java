package io.lifeboat.backup.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.backup.wal.*}: continuous WAL streaming.
 *
 * @param enabled         whether pg_receivewal runs (policy schedule database-wal: continuous)
 * @param spoolDir        where pg_receivewal writes segments until they are stored (a completed segment is
 *                        removed once it is committed at the primary)
 * @param slot            the replication slot; it keeps the server from removing WAL not yet received
 * @param pollInterval    how often the spool is checked for completed segments
 * @param maxSegmentAge   a segment open longer than this is closed with pg_switch_wal() (the policy's hourly
 *                        incremental holds only if this is at most 1h)
 * @param restartDelay    wait before pg_receivewal is started again after it exited
 * @param lagWarningBytes WAL the server wrote but the slot has not received beyond which a warning is logged
 */
@Validated
@ConfigurationProperties("lifeboat.backup.wal")
public record WalProperties(boolean enabled, @NotBlank String spoolDir, @NotBlank String slot,
                            @NotNull Duration pollInterval, @NotNull Duration maxSegmentAge,
                            @NotNull Duration restartDelay, @Min(0) long lagWarningBytes) {

    public Path spool() {
        return Path.of(spoolDir);
    }
}
