package io.lifeboat.infra.registry;

import io.lifeboat.infra.registry.LogRecord.DeleteSubject;
import io.lifeboat.infra.registry.LogRecord.RegisterClaim;
import io.lifeboat.infra.registry.LogRecord.SetCompatibility;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns {@link LogRecord}s into the JSON keys and values of the {@code _schemas} topic and back.
 *
 * <p>Keys decide what compaction may drop (it keeps the last record per key):
 * <ul>
 *   <li>{@code {"keytype":"REGISTER","proposal":"<instance>-<n>"}}: unique per claim, so compaction never drops a
 *       claim. Claims must all stay: whether a claim was accepted depends on the claims before it, and a losing claim
 *       must never be able to replace a winning one.</li>
 *   <li>{@code {"keytype":"DELETE_SUBJECT","subject":"<s>"}}: one per subject. The last delete soft-deletes
 *       everything registered before it, which covers everything an earlier delete did.</li>
 *   <li>{@code {"keytype":"CONFIG"}} (global) and {@code {"keytype":"CONFIG","subject":"<s>"}}: last value wins.</li>
 * </ul>
 * Keys are written with a fixed field order, so one logical key is always the same bytes.
 */
final class LogRecordCodec {

    private static final String REGISTER = "REGISTER";
    private static final String DELETE_SUBJECT = "DELETE_SUBJECT";
    private static final String CONFIG = "CONFIG";

    private LogRecordCodec() {
    }

    static byte[] key(LogRecord record) {
        ObjectNode key = Json.object();
        if (record instanceof RegisterClaim claim) {
            key.put("keytype", REGISTER).put("proposal", claim.proposal());
        } else if (record instanceof DeleteSubject delete) {
            key.put("keytype", DELETE_SUBJECT).put("subject", delete.subject());
        } else if (record instanceof SetCompatibility config) {
            key.put("keytype", CONFIG);
            config.subject().ifPresent(subject -> key.put("subject", subject));
        }
        return Json.bytes(key);
    }

    static byte[] value(LogRecord record) {
        ObjectNode value = Json.object().put("proposal", record.proposal());
        if (record instanceof RegisterClaim claim) {
            value.put("subject", claim.subject())
                    .put("expectedVersion", claim.expectedVersion())
                    .put("schemaType", "AVRO")
                    .put("schema", claim.schema());
        } else if (record instanceof DeleteSubject delete) {
            value.put("subject", delete.subject());
        } else if (record instanceof SetCompatibility config) {
            config.subject().ifPresent(subject -> value.put("subject", subject));
            value.put("compatibilityLevel", config.level().name());
        }
        return Json.bytes(value);
    }

    /**
     * The record under {@code key}/{@code value}; empty for anything this registry did not write (a tombstone, an
     * unknown key type, a foreign format), which every instance then skips alike.
     */
    static Optional<LogRecord> decode(byte[] key, byte[] value) {
        if (key == null || value == null) {
            return Optional.empty();
        }
        try {
            JsonNode k = Json.parse(key);
            JsonNode v = Json.parse(value);
            String proposal = v.path("proposal").asString(null);
            if (proposal == null) {
                return Optional.empty();
            }
            return switch (k.path("keytype").asString("")) {
                case REGISTER -> register(proposal, v);
                case DELETE_SUBJECT -> text(v, "subject").map(subject -> new DeleteSubject(proposal, subject));
                case CONFIG -> CompatibilityLevel.parse(v.path("compatibilityLevel").asString(null))
                        .map(level -> new SetCompatibility(proposal, text(v, "subject"), level));
                default -> Optional.empty();
            };
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<LogRecord> register(String proposal, JsonNode v) {
        Optional<String> subject = text(v, "subject");
        Optional<String> schema = text(v, "schema");
        JsonNode version = v.path("expectedVersion");
        if (subject.isEmpty() || schema.isEmpty() || !version.isIntegralNumber()
                || !"AVRO".equals(v.path("schemaType").asString("AVRO"))) {
            return Optional.empty();
        }
        return Optional.of(new RegisterClaim(proposal, subject.get(), version.asInt(), schema.get()));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }
}
