package io.lifeboat.format.crypto;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink primitives this package uses, once per JVM. */
final class TinkRegistration {

    private static final Configuration CONFIGURATION = register();

    private TinkRegistration() {
    }

    static Configuration configuration() {
        return CONFIGURATION;
    }

    private static Configuration register() {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
            return RegistryConfiguration.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unable to register tink aead and streaming aead primitives", e);
        }
    }
}
