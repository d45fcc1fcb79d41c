package io.lifeboat.backup.run;

import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.storage.StorageTier;
import java.util.List;

/** The result of one backup run. */
public sealed interface BackupOutcome {

    String backupId();

    /** The manifest is stored at {@code copies} (status per location). */
    record Completed(String backupId, Manifest manifest, String manifestKey, String manifestSha256,
                     List<Copy> copies) implements BackupOutcome {
    }

    /** Nothing of the backup is committed anywhere. */
    record Failed(String backupId, String dataType, String source, FailureReason reason, String detail) implements BackupOutcome {
    }

    /** One location's copy. */
    record Copy(String location, StorageTier tier, CopyState state) {
    }

    /** Whether a location's copy has landed. */
    enum CopyState {
        STORED, PENDING
    }

    /** Why a run failed. */
    enum FailureReason {
        DATABASE_UNREACHABLE, DUMP_FAILED, STORAGE_UNAVAILABLE, INTERNAL_ERROR;

        /** The reason of a failed dump or base backup: storage, database, or the tool itself. */
        static FailureReason of(io.lifeboat.backup.dump.DumpFailure e) {
            return e.getCause() instanceof io.lifeboat.format.storage.StorageException ? STORAGE_UNAVAILABLE
                    : e.kind() == io.lifeboat.backup.dump.DumpFailure.Kind.DATABASE_UNREACHABLE
                    ? DATABASE_UNREACHABLE : DUMP_FAILED;
        }

        /** Whether the cause may pass by itself, so the policy's retry applies. */
        public boolean mayPass() {
            return this == DATABASE_UNREACHABLE || this == STORAGE_UNAVAILABLE;
        }
    }
}
