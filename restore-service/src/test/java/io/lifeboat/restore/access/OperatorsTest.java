package io.lifeboat.restore.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.LogicalProof;
import io.lifeboat.restore.config.RestoreProperties.Operator;
import io.lifeboat.restore.config.RestoreProperties.Role;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorsTest {

    private static final String TOKEN = "restorer-token-0123456789";

    @Test
    void aMalformedTokenHashStopsTheStartNamingTheOperatorButNotTheValue() {
        String malformed = "not-a-sha256-" + "ab".repeat(20);
        assertThatThrownBy(() -> new Operators(properties(
                new Operator("olivia", HexFormat.of().formatHex(Operators.sha256(TOKEN)), Set.of(Role.RESTORE)),
                new Operator("audrey", malformed, Set.of(Role.DR_DECLARE)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("operator 'audrey'")
                .hasMessageContaining("is not a SHA-256 in hex (64 hex digits)")
                .hasMessageNotContaining(malformed);
        String tooShort = HexFormat.of().formatHex(Operators.sha256(TOKEN)).substring(2);
        assertThatThrownBy(() -> new Operators(properties(new Operator("olivia", tooShort, Set.of(Role.RESTORE)))))
                .hasMessageContaining("operator 'olivia'").hasMessageNotContaining(tooShort);
    }

    @Test
    void aWellFormedHashInEitherCaseFindsItsOperator() {
        Operator olivia = new Operator("olivia", HexFormat.of().withUpperCase().formatHex(Operators.sha256(TOKEN)),
                Set.of(Role.RESTORE));
        Operators operators = new Operators(properties(olivia));
        assertThat(operators.byToken(TOKEN)).contains(olivia);
        assertThat(operators.byToken("another-token")).isEmpty();
    }

    private static RestoreProperties properties(Operator... operators) {
        return new RestoreProperties(List.of(new StorageLocation("primary", StorageTier.PRIMARY, "file:/nowhere")),
                new RestoreProperties.Target("127.0.0.1", 5432, "postgres", "", "postgres"), "database", null,
                "/tmp/unused-scratch", 2, LogicalProof.SENT_ROWS,
                new RestoreProperties.RestoreTest(false, "file:/nowhere", null), List.of(operators));
    }
}
