package io.lifeboat.format.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The secret strings of a keyset file or a data key, in the forms a leak would take (base64 and hex). */
final class KeyMaterial {

    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"");

    private KeyMaterial() {
    }

    /** The base64 {@code value} of every key in a Tink JSON keyset file, and a 16-character fragment of each. */
    static List<String> ofKeysetFile(Path file) throws IOException {
        List<String> secrets = new ArrayList<>();
        Matcher m = VALUE.matcher(Files.readString(file));
        while (m.find()) {
            secrets.add(m.group(1));
            secrets.add(m.group(1).substring(m.group(1).length() - 16));
        }
        if (secrets.isEmpty()) {
            throw new IllegalStateException("no key values found in " + file);
        }
        return secrets;
    }

    /**
     * The serialized data key in base64 and hex, then its raw key bytes in hex and base64. The raw key is read from the
     * parsed keyset: the serialized form ends with key metadata (status, id, output prefix), not with the key.
     */
    static List<String> ofDataKey(DataKey key) {
        byte[] serialized = key.serialize();
        byte[] raw;
        try {
            raw = ((AesGcmHkdfStreamingKey) TinkProtoKeysetFormat.parseKeyset(serialized, InsecureSecretKeyAccess.get())
                    .getPrimary().getKey()).getInitialKeyMaterial().toByteArray(InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a data key that does not parse", e);
        }
        return List.of(Base64.getEncoder().encodeToString(serialized), HexFormat.of().formatHex(serialized),
                HexFormat.of().formatHex(raw), Base64.getEncoder().encodeToString(raw));
    }
}
