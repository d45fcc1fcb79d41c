package io.lifeboat.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml must stay in step with the code: every service it builds is a module, and every environment
 * variable it sets on a service is a property that service's own configuration file declares (Spring's relaxed
 * binding: LIFEBOAT_BACKUP_LOCATIONS_0_URL is lifeboat.backup.locations[0].url).
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    /** Read by the AWS SDK's default credential chain (S3 locations), not by Spring configuration. */
    private static final Set<String> AWS_SDK_VARIABLES = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_REGION");

    @Test
    void everyBuiltServiceIsAModuleAndReadsEveryVariableItIsGiven() throws IOException {
        Map<String, Object> compose = load(ROOT.resolve("docker-compose.yml"));
        Map<String, Object> services = map(compose.get("services"));
        List<String> built = new ArrayList<>();
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = map(entry.getValue());
            if (!service.containsKey("build") || service.containsKey("entrypoint")) {
                continue; // infrastructure, or a one-off command run from a service image (keys-init)
            }
            String module = String.valueOf(map(map(service.get("build")).get("args")).get("SERVICE"));
            assertThat(module).as("compose service %s builds module %s", entry.getKey(), module)
                    .isEqualTo(entry.getKey());
            assertThat(ROOT.resolve(module).resolve("pom.xml")).as("module %s", module).exists();
            Set<String> declared = declaredProperties(module);
            for (String variable : map(service.get("environment")).keySet()) {
                if (AWS_SDK_VARIABLES.contains(variable)) {
                    continue;
                }
                assertThat(declared).as("%s sets %s, which %s.yml does not declare", module, variable, module)
                        .contains(relaxed(variable));
            }
            built.add(module);
        }
        assertThat(built).containsExactlyInAnyOrder("backup-service", "verify-service", "restore-service",
                "notifier-service");
    }

    @Test
    void aVariableNoServiceReadsIsCaught() throws IOException {
        assertThat(declaredProperties("backup-service")).contains(relaxed("LIFEBOAT_BACKUP_DATABASE_HOST"))
                .contains(relaxed("LIFEBOAT_BACKUP_LOCATIONS_2_URL"))
                .doesNotContain(relaxed("LIFEBOAT_BACKUP_DATABASE_HOSTNAME"))
                .doesNotContain(relaxed("LIFEBOAT_BACKUP_LOCATIONS_2_PATH"));
    }

    /** Every leaf key of the module's configuration file, in relaxed form; list items as '#'. */
    private static Set<String> declaredProperties(String module) throws IOException {
        Map<String, Object> yaml = load(ROOT.resolve(module).resolve("src/main/resources/" + module + ".yml"));
        Set<String> keys = new HashSet<>();
        flatten("", yaml, keys);
        return keys;
    }

    private static void flatten(String prefix, Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, keys));
        } else if (node instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix + ".#", l.get(i), keys);
            }
        } else {
            keys.add(relaxed(prefix));
        }
    }

    /**
     * Spring's relaxed form: lower case, no separators ('.', '-', '_'), and any list index as '#' (an index is
     * read when the list's items declare the field).
     */
    static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("_(\\d+)(_|$)", "_#$2").replaceAll("[._\\-]", "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return new Yaml().load(r);
        }
    }
}
