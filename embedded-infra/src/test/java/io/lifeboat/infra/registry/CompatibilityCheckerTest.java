package io.lifeboat.infra.registry;

import static io.lifeboat.infra.registry.TestSchemas.ID;
import static io.lifeboat.infra.registry.TestSchemas.ID_AS_STRING;
import static io.lifeboat.infra.registry.TestSchemas.ID_EMAIL;
import static io.lifeboat.infra.registry.TestSchemas.ID_EMAIL_DEFAULT;
import static io.lifeboat.infra.registry.TestSchemas.ID_NAME;
import static io.lifeboat.infra.registry.TestSchemas.ID_NAME_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompatibilityCheckerTest {

    /** level, history (oldest first), candidate, compatible? */
    static Stream<Arguments> registrations() {
        return Stream.of(
                Arguments.of(CompatibilityLevel.NONE, List.of(ID), ID_AS_STRING, true),
                // BACKWARD: the new schema reads data written with the latest one
                Arguments.of(CompatibilityLevel.BACKWARD, List.of(ID), ID_EMAIL_DEFAULT, true),
                Arguments.of(CompatibilityLevel.BACKWARD, List.of(ID), ID_EMAIL, false),
                Arguments.of(CompatibilityLevel.BACKWARD, List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL, true),
                Arguments.of(CompatibilityLevel.BACKWARD_TRANSITIVE, List.of(ID), ID_EMAIL_DEFAULT, true),
                Arguments.of(CompatibilityLevel.BACKWARD_TRANSITIVE, List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL, false),
                // FORWARD: the latest schema reads data written with the new one
                Arguments.of(CompatibilityLevel.FORWARD, List.of(ID), ID_EMAIL, true),
                Arguments.of(CompatibilityLevel.FORWARD, List.of(ID_NAME), ID, false),
                Arguments.of(CompatibilityLevel.FORWARD, List.of(ID_NAME, ID_NAME_DEFAULT), ID, true),
                Arguments.of(CompatibilityLevel.FORWARD_TRANSITIVE, List.of(ID), ID_EMAIL, true),
                Arguments.of(CompatibilityLevel.FORWARD_TRANSITIVE, List.of(ID_NAME, ID_NAME_DEFAULT), ID, false),
                // FULL: both
                Arguments.of(CompatibilityLevel.FULL, List.of(ID), ID_EMAIL_DEFAULT, true),
                Arguments.of(CompatibilityLevel.FULL, List.of(ID), ID_EMAIL, false),
                Arguments.of(CompatibilityLevel.FULL, List.of(ID_NAME), ID, false),
                Arguments.of(CompatibilityLevel.FULL, List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL, true),
                Arguments.of(CompatibilityLevel.FULL_TRANSITIVE, List.of(ID), ID_EMAIL_DEFAULT, true),
                Arguments.of(CompatibilityLevel.FULL_TRANSITIVE, List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL, false),
                // a type change fails every level but NONE
                Arguments.of(CompatibilityLevel.BACKWARD, List.of(ID), ID_AS_STRING, false),
                Arguments.of(CompatibilityLevel.FORWARD, List.of(ID), ID_AS_STRING, false),
                Arguments.of(CompatibilityLevel.FULL_TRANSITIVE, List.of(ID), ID_AS_STRING, false));
    }

    @ParameterizedTest(name = "{0}: {1} then {2} -> compatible={3}")
    @MethodSource("registrations")
    void decidesRegistrationsPerLevel(CompatibilityLevel level, List<String> history, String candidate,
            boolean compatible) {
        List<String> messages = CompatibilityChecker.checkForRegistration(parse(candidate), versions(history), level);

        assertThat(messages.isEmpty()).as("compatible, messages %s", messages).isEqualTo(compatible);
        if (!compatible) {
            assertThat(messages).first().asString().startsWith("{errorType:'");
            assertThat(messages).last().isEqualTo("{compatibility: '" + level.name() + "'}");
        }
    }

    @Test
    void transitiveMessagesNameTheOlderVersionThatFails() {
        List<String> messages = CompatibilityChecker.checkForRegistration(parse(ID_EMAIL),
                versions(List.of(ID, ID_EMAIL_DEFAULT)), CompatibilityLevel.BACKWARD_TRANSITIVE);

        assertThat(messages).hasSize(4);
        assertThat(messages.get(0)).startsWith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'the new"
                + " schema cannot read data written with version 1: ");
        assertThat(messages.get(1)).isEqualTo("{oldSchemaVersion: 1}");
        assertThat(messages.get(2)).isEqualTo("{oldSchema: '" + TestSchemas.canonical(ID) + "'}");
        assertThat(messages.get(3)).isEqualTo("{compatibility: 'BACKWARD_TRANSITIVE'}");
    }

    @Test
    void anyCandidateIsCompatibleWithAnEmptySubject() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(CompatibilityChecker.checkForRegistration(parse(ID_AS_STRING), List.of(), level)).isEmpty();
        }
    }

    @Test
    void checksAgainstOneChosenVersionOnly() {
        List<SubjectVersion> history = versions(List.of(ID, ID_EMAIL_DEFAULT));

        assertThat(CompatibilityChecker.checkAgainstVersion(parse(ID_EMAIL), history.get(1),
                CompatibilityLevel.BACKWARD_TRANSITIVE)).isEmpty();
        assertThat(CompatibilityChecker.checkAgainstVersion(parse(ID_EMAIL), history.get(0),
                CompatibilityLevel.BACKWARD)).isNotEmpty();
        assertThat(CompatibilityChecker.checkAgainstVersion(parse(ID_AS_STRING), history.get(0),
                CompatibilityLevel.NONE)).isEmpty();
    }

    @Test
    void forwardFailuresSayWhichSideCannotRead() {
        List<String> messages = CompatibilityChecker.checkForRegistration(parse(ID), versions(List.of(ID_NAME)),
                CompatibilityLevel.FORWARD);

        assertThat(messages.get(0)).startsWith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'version 1"
                + " cannot read data written with the new schema: ");
    }

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static List<SubjectVersion> versions(List<String> schemas) {
        List<SubjectVersion> versions = new ArrayList<>();
        for (int i = 0; i < schemas.size(); i++) {
            versions.add(new SubjectVersion("s", i + 1, 100 + i, TestSchemas.canonical(schemas.get(i)), false));
        }
        return versions;
    }
}
