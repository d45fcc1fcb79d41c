package io.lifeboat.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every benchmark in {@code bench/} still compiles against the modules as they are now. The benchmarks are
 * single-file programs run by their {@code run.sh}, outside the build, so without this a change to a constructor they
 * call would only show when somebody next measured (it happened: two benchmarks called a {@code Copies} constructor
 * that no longer existed).
 */
class BenchSourcesCompileTest {

    static Stream<Path> benchmarks() throws IOException {
        Path bench = Path.of("..", "bench").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(bench)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertThat(sources).as("benchmark sources under " + bench).isNotEmpty();
            return sources.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("benchmarks")
    void compiles(Path source, @TempDir Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null, List.of("-proc:none", "-d", classes.toString(),
                        "-cp", System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(source)).call();
        assertThat(compiled).as(source + " compiles:\n" + errors).isTrue();
    }
}
