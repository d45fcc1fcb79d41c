package io.lifeboat.notify.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies with HMAC-SHA256. The value is {@code sha256=} followed by the lower-case hex MAC of the
 * exact body bytes, so a receiver recomputes it over the raw body before parsing. The key never leaves this object.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Lifeboat-Signature";
    static final String ALGORITHM = "HmacSHA256";
    static final String PREFIX = "sha256=";

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a webhook signing secret must not be blank");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value for {@code body}. */
    public String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // a Mac is not thread-safe; one per call is cheap
            mac.init(key);
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[" + ALGORITHM + "]";
    }
}
