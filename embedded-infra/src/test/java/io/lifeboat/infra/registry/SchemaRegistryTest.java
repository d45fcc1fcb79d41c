package io.lifeboat.infra.registry;

import static io.lifeboat.infra.registry.TestSchemas.ID;
import static io.lifeboat.infra.registry.TestSchemas.ID_EMAIL_DEFAULT;
import static io.lifeboat.infra.registry.TestSchemas.ID_EMAIL_INT_DEFAULT;
import static io.lifeboat.infra.registry.TestSchemas.ID_NAME_DEFAULT;
import static io.lifeboat.infra.registry.TestSchemas.canonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.infra.registry.LogRecord.RegisterClaim;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operations over an in-memory log: retries after lost claims, and the errors each operation raises. */
class SchemaRegistryTest {

    private final RegistryState state = new RegistryState();
    private final InMemoryRegistryLog log = new InMemoryRegistryLog(state);
    private final SchemaRegistry registry = new SchemaRegistry(state, log);

    @Test
    void aClaimOvertakenByAnotherSchemaIsCheckedAgainAndClaimsTheNextVersion() {
        registry.register("s", ID, null);
        log.beforeNextProposal(other -> other.append(new RegisterClaim("other-1", "s", 2, canonical(ID_NAME_DEFAULT))));

        int id = registry.register("s", ID_EMAIL_DEFAULT, null);

        assertThat(state.subject("s").live()).extracting(SubjectVersion::version, SubjectVersion::id,
                SubjectVersion::schema).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 1, canonical(ID)),
                        org.assertj.core.groups.Tuple.tuple(2, 2, canonical(ID_NAME_DEFAULT)),
                        org.assertj.core.groups.Tuple.tuple(3, 3, canonical(ID_EMAIL_DEFAULT)));
        assertThat(id).isEqualTo(3);
        assertThat(log.records()).filteredOn(r -> r instanceof RegisterClaim).hasSize(4);
    }

    @Test
    void aClaimOvertakenByTheSameSchemaReturnsTheWinnersIdWithoutAnotherVersion() {
        registry.register("s", ID, null);
        log.beforeNextProposal(other -> other.append(new RegisterClaim("other-1", "s", 2, canonical(ID_EMAIL_DEFAULT))));

        int id = registry.register("s", ID_EMAIL_DEFAULT, null);

        assertThat(id).isEqualTo(2);
        assertThat(state.subject("s").versions()).hasSize(2);
        assertThat(registry.register("s", ID_EMAIL_DEFAULT, null)).isEqualTo(2);
    }

    @Test
    void aClaimOvertakenByASchemaItCannotFollowIsRefusedAsIncompatible() {
        registry.register("s", ID, null);
        log.beforeNextProposal(other -> other.append(new RegisterClaim("other-1", "s", 2, canonical(ID_EMAIL_DEFAULT))));

        // compatible with version 1, but an int email cannot read the string email version 2 wrote
        assertThatThrownBy(() -> registry.register("s", ID_EMAIL_INT_DEFAULT, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.error()).isEqualTo(RegistryError.INCOMPATIBLE_SCHEMA);
                    assertThat(e.getMessage()).startsWith("Schema being registered is incompatible with an earlier"
                            + " schema for subject \"s\", details: [{errorType:'TYPE_MISMATCH'");
                });
        assertThat(state.subject("s").versions()).hasSize(2);
    }

    @Test
    void givesUpWithATimeoutAfterTooManyLostClaims() {
        for (int i = 0; i < SchemaRegistry.MAX_CLAIMS; i++) {
            int version = i + 1;
            log.beforeNextProposal(other -> other.append(
                    new RegisterClaim("other-" + version, "s", version, canonical(TestSchemas.userWithOptional("f" + version)))));
        }
        assertThatThrownBy(() -> registry.register("s", ID, null))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.error()).isEqualTo(RegistryError.OPERATION_TIMEOUT));
    }

    @Test
    void readsRaiseConfluentsNotFoundErrors() {
        registry.register("s", ID, null);

        assertError(() -> registry.versions("nope", false), RegistryError.SUBJECT_NOT_FOUND, "Subject 'nope' not found.");
        assertError(() -> registry.version("s", new VersionRef(2), false), RegistryError.VERSION_NOT_FOUND,
                "Version 2 not found.");
        assertError(() -> registry.lookup("s", ID_EMAIL_DEFAULT, null, false), RegistryError.SCHEMA_NOT_FOUND,
                "Schema not found");
        assertError(() -> registry.schemaById(42), RegistryError.SCHEMA_NOT_FOUND, "Schema 42 not found");
        assertError(() -> registry.subjectCompatibility("s", false),
                RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject 's' does not have subject-level compatibility configured");
        assertError(() -> registry.deleteSubject("nope"), RegistryError.SUBJECT_NOT_FOUND, "Subject 'nope' not found.");
        assertError(() -> registry.testAgainstVersion("nope", VersionRef.LATEST, ID, null),
                RegistryError.SUBJECT_NOT_FOUND, "Subject 'nope' not found.");
        assertError(() -> registry.register("s", "{\"type\":\"nope\"}", null), RegistryError.INVALID_SCHEMA, null);
        assertError(() -> registry.register("s", ID, "PROTOBUF"), RegistryError.INVALID_SCHEMA,
                "Invalid schema type PROTOBUF; this registry stores AVRO schemas only");
    }

    @Test
    void deletedVersionsAreVisibleOnlyWhenAskedFor() {
        registry.register("s", ID, null);
        registry.register("s", ID_EMAIL_DEFAULT, null);

        assertThat(registry.deleteSubject("s")).containsExactly(1, 2);

        assertThat(registry.subjects(false)).isEmpty();
        assertThat(registry.subjects(true)).containsExactly("s");
        assertThat(registry.versions("s", true)).containsExactly(1, 2);
        assertThat(registry.version("s", VersionRef.LATEST, true).version()).isEqualTo(2);
        assertThat(registry.lookup("s", ID, null, true).version()).isEqualTo(1);
        assertThat(registry.register("s", ID_EMAIL_DEFAULT, null)).as("same id after delete").isEqualTo(2);
        assertThat(registry.versions("s", false)).containsExactly(3);
    }

    @Test
    void compatibilityFallsBackToTheGlobalLevel() {
        assertThat(registry.subjectCompatibility("s", true)).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.setCompatibility(Optional.empty(), CompatibilityLevel.FULL);
        assertThat(registry.subjectCompatibility("s", true)).isEqualTo(CompatibilityLevel.FULL);
        registry.setCompatibility(Optional.of("s"), CompatibilityLevel.NONE);
        assertThat(registry.subjectCompatibility("s", false)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
    }

    private static void assertError(Runnable call, RegistryError error, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }

    @Test
    void versionRefsFollowConfluent() {
        assertThat(VersionRef.parse("latest").isLatest()).isTrue();
        assertThat(VersionRef.parse("-1").isLatest()).isTrue();
        assertThat(VersionRef.parse("7")).isEqualTo(new VersionRef(7));
        for (String bad : List.of("0", "-2", "abc", "2147483648", "")) {
            assertError(() -> VersionRef.parse(bad), RegistryError.INVALID_VERSION, "The specified version '" + bad
                    + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
    }

    @Test
    void compatibilityLevelsParseCaseInsensitively() {
        assertThat(CompatibilityLevel.parse("full_transitive")).contains(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.parse(" NONE ")).contains(CompatibilityLevel.NONE);
        assertThat(CompatibilityLevel.parse("SOMETIMES")).isEmpty();
        assertThat(CompatibilityLevel.parse(null)).isEmpty();
    }
}
