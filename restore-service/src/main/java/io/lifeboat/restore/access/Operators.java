package io.lifeboat.restore.access;

import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.Operator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Looks an operator up by API token. Every configured token hash is checked and parsed once, at start-up: a malformed
 * one stops the service with a message naming the operator (never the value), instead of failing every request.
 */
@Component
public class Operators {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /** An operator and the SHA-256 of their token. */
    private record Known(Operator operator, byte[] tokenSha256) {
    }

    private final List<Known> operators = new ArrayList<>();

    public Operators(RestoreProperties properties) {
        for (Operator operator : properties.operators()) {
            if (!SHA256_HEX.matcher(operator.tokenSha256()).matches()) {
                throw new IllegalStateException("lifeboat.restore.operators: the tokenSha256 of operator '"
                        + operator.name() + "' is not a SHA-256 in hex (64 hex digits); give the SHA-256 of their"
                        + " API token, never the token");
            }
            operators.add(new Known(operator, HexFormat.of().parseHex(operator.tokenSha256().toLowerCase())));
        }
    }

    public Optional<Operator> byToken(String token) {
        byte[] presented = sha256(token);
        Operator found = null;
        for (Known known : operators) {
            if (MessageDigest.isEqual(presented, known.tokenSha256())) {
                found = known.operator();
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
