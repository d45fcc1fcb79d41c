package io.lifeboat.notify.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lifeboat.notifier.acknowledgement.*}: who may acknowledge alerts over REST.
 *
 * @param operators a name and the SHA-256 (hex) of the operator's API token (never the token itself); none means
 *                  nobody can acknowledge and criticals always escalate
 */
@ConfigurationProperties("lifeboat.notifier.acknowledgement")
public record AcknowledgementProperties(List<Operator> operators) {

    public AcknowledgementProperties {
        operators = operators == null ? List.of() : operators.stream()
                .filter(o -> o.tokenSha256() != null && !o.tokenSha256().isBlank()).toList();
    }

    public record Operator(String name, String tokenSha256) {
        public Operator {
            if (tokenSha256 != null && !tokenSha256.isBlank() && !tokenSha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("lifeboat.notifier.acknowledgement.operators[].token-sha256 of '"
                        + name + "' must be 64 hex digits");
            }
        }

        @Override
        public String toString() {
            return "Operator[" + name + "]";
        }
    }
}
