package io.lifeboat.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.infra.registry.LogRecord.DeleteSubject;
import io.lifeboat.infra.registry.LogRecord.RegisterClaim;
import io.lifeboat.infra.registry.LogRecord.SetCompatibility;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogRecordCodecTest {

    private static final RegisterClaim CLAIM = new RegisterClaim("i-1", "orders-value", 3, "\"string\"");
    private static final DeleteSubject DELETE = new DeleteSubject("i-2", "orders-value");
    private static final SetCompatibility SUBJECT_CONFIG =
            new SetCompatibility("i-3", Optional.of("orders-value"), CompatibilityLevel.FULL);
    private static final SetCompatibility GLOBAL_CONFIG =
            new SetCompatibility("i-4", Optional.empty(), CompatibilityLevel.NONE);

    @Test
    void roundTripsEveryRecordType() {
        for (LogRecord record : List.of(CLAIM, DELETE, SUBJECT_CONFIG, GLOBAL_CONFIG)) {
            assertThat(LogRecordCodec.decode(LogRecordCodec.key(record), LogRecordCodec.value(record)))
                    .contains(record);
        }
    }

    @Test
    void keysAreUniquePerClaimAndSharedPerSubjectOrConfigScope() {
        assertThat(text(LogRecordCodec.key(CLAIM))).isEqualTo("{\"keytype\":\"REGISTER\",\"proposal\":\"i-1\"}");
        assertThat(text(LogRecordCodec.key(DELETE)))
                .isEqualTo("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"orders-value\"}");
        assertThat(text(LogRecordCodec.key(SUBJECT_CONFIG)))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"orders-value\"}");
        assertThat(text(LogRecordCodec.key(GLOBAL_CONFIG))).isEqualTo("{\"keytype\":\"CONFIG\"}");
        assertThat(LogRecordCodec.key(new DeleteSubject("other-proposal", "orders-value")))
                .isEqualTo(LogRecordCodec.key(DELETE));
        assertThat(LogRecordCodec.key(new RegisterClaim("i-9", "orders-value", 3, "\"string\"")))
                .isNotEqualTo(LogRecordCodec.key(CLAIM));
    }

    @Test
    void skipsWhatThisRegistryDidNotWrite() {
        assertThat(decode("{\"keytype\":\"CONFIG\"}", null)).as("tombstone").isEmpty();
        assertThat(decode("not json", "{}")).isEmpty();
        assertThat(decode("{\"keytype\":\"NOOP\",\"magic\":0}", "{\"proposal\":\"x\"}")).isEmpty();
        assertThat(decode("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"s\",\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\",\"deleted\":false}"))
                .as("a Confluent-format record").isEmpty();
        assertThat(decode("{\"keytype\":\"CONFIG\"}", "{\"compatibilityLevel\":\"FULL\"}"))
                .as("no proposal id").isEmpty();
        assertThat(decode("{\"keytype\":\"CONFIG\"}", "{\"proposal\":\"p\",\"compatibilityLevel\":\"SOMETIMES\"}"))
                .isEmpty();
        assertThat(decode("{\"keytype\":\"REGISTER\",\"proposal\":\"p\"}",
                "{\"proposal\":\"p\",\"subject\":\"s\",\"expectedVersion\":1,\"schemaType\":\"JSON\",\"schema\":\"{}\"}"))
                .isEmpty();
    }

    private static Optional<LogRecord> decode(String key, String value) {
        return LogRecordCodec.decode(key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
