package io.lifeboat.restore.access;

import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.Operator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Looks an operator up by API token. */
@Component
public class Operators {

    private final List<Operator> operators;

    public Operators(RestoreProperties properties) {
        this.operators = properties.operators();
    }

    public Optional<Operator> byToken(String token) {
        byte[] presented = sha256(token);
        Operator found = null;
        for (Operator operator : operators) {
            byte[] expected = HexFormat.of().parseHex(operator.tokenSha256().toLowerCase());
            if (MessageDigest.isEqual(presented, expected)) {
                found = operator;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
