package io.lifeboat.backup.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.backup.wal.*}: continuous WAL streaming.
 *
 * @param enabled         whether pg_receivewal runs (policy schedule database-wal: continuous)
 * @param spoolDir        where pg_receivewal writes segments until they are stored (a completed segment is
 *                        removed once it is committed at the primary)
 * @param slot            the replication slot; it keeps the server from removing WAL not yet received
 * @param pollInterval    how often the spool is checked for completed segments (and the alert rules evaluated)
 * @param maxSegmentAge   a segment open longer than this is closed with pg_switch_wal() (the policy's hourly
 *                        incremental holds only if this is at most 1h)
 * @param restartDelay    wait before pg_receivewal is started again after it exited
 * @param lagAlertBytes   WAL the server wrote but the slot has not received, beyond which streaming is alerted as
 *                        lagging (WARNING); resolved once it is back at or below
 * @param failedStartsAlert consecutive failed starts of pg_receivewal after which its failure is alerted (CRITICAL);
 *                        resolved once a run is stable
 * @param stableAfter     a run of pg_receivewal that lasted this long, or completed a segment, is a successful start
 */
@Validated
@ConfigurationProperties("lifeboat.backup.wal")
public record WalProperties(boolean enabled, @NotBlank String spoolDir, @NotBlank String slot,
                            @NotNull @DurationMin(millis = 1) Duration pollInterval,
                            @NotNull @DurationMin(seconds = 1) Duration maxSegmentAge,
                            @NotNull Duration restartDelay,
                            @Min(1) long lagAlertBytes,
                            @Min(1) @Max(1000) int failedStartsAlert,
                            @NotNull @DurationMin(millis = 1) Duration stableAfter) {

    public Path spool() {
        return Path.of(spoolDir);
    }
}
