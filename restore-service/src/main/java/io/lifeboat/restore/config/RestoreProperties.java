package io.lifeboat.restore.config;

import io.lifeboat.format.storage.StorageLocation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.restore.*}.
 *
 * @param locations  where backups are read from, in order of preference (primary first)
 * @param target     the PostgreSQL server restores go to
 * @param asset      the asset (policy 3.2 service) restored databases belong to; its priority decides the RTO
 * @param pgBinDir   directory of pg_restore; empty to look it up
 * @param scratchDir where dumps are decrypted for pg_restore and scratch clusters live; files are removed after use
 * @param jobs       parallel jobs of pg_restore (-j), and connections fingerprinting a restored database
 * @param logicalProof how a logical restore proves the rows it loaded are the backup's (restore tests always read
 *                   every row back)
 * @param restoreTest restore tests (policy 7.2)
 * @param operators  who may call the protected endpoints; tokens are given as SHA-256 hex (64 digits, checked at
 *                   start-up by {@link io.lifeboat.restore.access.Operators}), never in clear
 */
@Validated
@ConfigurationProperties("lifeboat.restore")
public record RestoreProperties(@NotEmpty List<@NotNull StorageLocation> locations, @NotNull @Valid Target target,
                                @NotBlank String asset, Path pgBinDir, @NotBlank String scratchDir,
                                @Min(1) @Max(64) int jobs, @NotNull LogicalProof logicalProof,
                                @NotNull @Valid RestoreTest restoreTest,
                                @NotNull List<@Valid Operator> operators) {

    public Path scratchDirectory() {
        return Path.of(scratchDir);
    }

    public Optional<Path> pgBinDirectory() {
        return Optional.ofNullable(pgBinDir);
    }

    /**
     * Restore tests (policy 7.2); the cron and the smoke queries come from the policy.
     *
     * @param scheduled whether the policy's cron runs them (off in tests that trigger them on demand)
     * @param reports   where the test documentation (7.3) is written: a storage URL (file:/path)
     * @param seed      fixed seed for choosing the backup; empty for a random one (the seed used is always logged)
     */
    public record RestoreTest(boolean scheduled, @NotBlank String reports, Long seed) {
    }

    /** The server restores are written to. The password is never logged. */
    public record Target(@NotBlank String host, @Min(1) @Max(65535) int port, @NotBlank String user,
                         String password, @NotBlank String maintenanceDatabase) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return "Target[" + user + "@" + host + ":" + port + "]";
        }
    }

    /** An operator: a name, the SHA-256 (hex) of their API token, and their roles. */
    public record Operator(@NotBlank String name, @NotBlank String tokenSha256, @NotEmpty Set<Role> roles) {

        @Override
        public String toString() {
            return "Operator[" + name + " " + roles + "]";
        }
    }

    /**
     * How a logical restore proves, table by table, that the rows it loaded are the backup's: both compare a row count
     * and a hash of every row with the manifest's fingerprints; they differ in where the rows are hashed.
     */
    public enum LogicalProof {
        /**
         * Every row hashed from the COPY text handed to the server (authenticated segment by segment by AES-GCM),
         * each table's row count as the server acknowledged it for its committed COPY. Catches altered, missing or
         * extra rows in the dump and rows the target did not store; not a value the target changes after accepting
         * it (a trigger or rule there). Costs no read of the target.
         */
        SENT_ROWS,
        /**
         * Every row read back from the target (block ranges as batches commit, on a second connection) and hashed:
         * proves what the target holds, at the cost of reading it all again. Restore tests always do this.
         */
        READ_BACK
    }

    /** What an operator may do. */
    public enum Role {
        RESTORE, DR_DECLARE
    }
}
