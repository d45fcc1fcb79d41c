package io.lifeboat.notify.api;

import io.lifeboat.notify.config.AcknowledgementProperties;
import io.lifeboat.notify.config.AcknowledgementProperties.Operator;
import io.lifeboat.notify.delivery.Notifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /alerts/{alertId}/acknowledgement} with {@code Authorization: Bearer <operator token>}: stops the
 * alert's escalation and publishes AlertAcknowledged. 401 without a known token; 200 on the first
 * acknowledgement, 200 with {@code "already": true} on a repeated one.
 */
@RestController
class AcknowledgementController {

    private static final Logger log = LoggerFactory.getLogger(AcknowledgementController.class);

    private final AcknowledgementProperties properties;
    private final Notifier notifier;
    private final AcknowledgementPublisher publisher;
    private final Clock clock;

    AcknowledgementController(AcknowledgementProperties properties, Notifier notifier,
                              AcknowledgementPublisher publisher, Clock clock) {
        this.properties = properties;
        this.notifier = notifier;
        this.publisher = publisher;
        this.clock = clock;
    }

    @PostMapping("/alerts/{alertId}/acknowledgement")
    ResponseEntity<Map<String, Object>> acknowledge(@PathVariable String alertId,
                                                    @RequestHeader(name = "Authorization", required = false)
                                                    String authorization) {
        Optional<Operator> operator = operator(authorization);
        if (operator.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("error", "a valid operator token is required (Authorization: Bearer <token>)"));
        }
        boolean first = notifier.acknowledge(alertId);
        if (first) {
            publisher.acknowledged(alertId, operator.get().name(), clock.instant());
            log.info("alert '{}' acknowledged by {}", alertId, operator.get().name());
        }
        return ResponseEntity.ok(Map.of("alertId", alertId, "acknowledgedBy", operator.get().name(),
                "already", !first));
    }

    private Optional<Operator> operator(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring("Bearer ".length()).trim());
        Operator found = null;
        for (Operator o : properties.operators()) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(o.tokenSha256().toLowerCase()))) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
