package io.lifeboat.format.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The serialized data key in base64 and hex, and the 32 raw key bytes at its end, in hex. */
    static List<String> ofDataKey(DataKey key) {
        byte[] serialized = key.serialize();
        String hex = HexFormat.of().formatHex(serialized);
        return List.of(Base64.getEncoder().encodeToString(serialized), hex, hex.substring(hex.length() - 64));
    }
}
