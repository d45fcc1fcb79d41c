package io.lifeboat.backup.config;

import io.lifeboat.format.storage.StorageLocation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.backup.*}.
 *
 * @param database   the PostgreSQL database to back up
 * @param locations  every storage location a backup is copied to
 * @param scheduleEnabled   whether the policy's cron schedule runs (false: backups start only over REST)
 * @param pgBinDir          directory of pg_dump; empty to look it up
 * @param dumpTimeout       the longest a dump may run
 * @param retry             what happens after a failed attempt whose cause may pass (database or storage down)
 * @param copyRetryInterval how often a PENDING copy to a location that was down is tried again
 * @param retentionCron     when retention runs (Spring cron, UTC)
 * @param baseBackupMaxRate pg_basebackup's --max-rate (e.g. 100M) to spare the server's disks; empty: unthrottled
 * @param compressionLevel  zstd level of database data (dumps, base backups, WAL): 1 to 19; lower is faster, higher
 *                          stores less; reading does not depend on it
 */
@Validated
@ConfigurationProperties("lifeboat.backup")
public record BackupProperties(@NotNull @Valid Database database, @NotEmpty List<@NotNull StorageLocation> locations,
                               boolean scheduleEnabled, Path pgBinDir, @NotNull Duration dumpTimeout,
                               @NotNull @Valid Retry retry, @NotNull Duration copyRetryInterval,
                               String baseBackupMaxRate, @NotBlank String retentionCron,
                               @Min(1) @Max(19) int compressionLevel) {

    public Optional<String> baseBackupRate() {
        return Optional.ofNullable(baseBackupMaxRate).filter(r -> !r.isBlank());
    }

    public Optional<Path> pgBinDirectory() {
        return Optional.ofNullable(pgBinDir);
    }

    /**
     * Retry of a failed attempt whose cause may pass.
     *
     * @param maxAttempts attempts in all, the first included (1: no retry)
     * @param delay       wait between a failed attempt and the next
     */
    public record Retry(@Min(1) @Max(100) int maxAttempts, @NotNull Duration delay) {
    }

    /**
     * Connection to the database that is backed up. The password is never logged.
     *
     * @param replicationUser role with REPLICATION for pg_basebackup and pg_receivewal; empty: {@code user}
     */
    public record Database(@NotBlank String host, @Min(1) @Max(65535) int port, @NotBlank String name,
                           @NotBlank String user, String password, String replicationUser) {

        @Override
        public String replicationUser() {
            return replicationUser == null || replicationUser.isBlank() ? user : replicationUser;
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        @Override
        public String toString() {
            return "Database[" + user + "@" + host + ":" + port + "/" + name + "]";
        }
    }
}
