package io.lifeboat.backup.onchange;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A git repository: fingerprint = every ref and its commit; content = {@code git bundle create - --all}. */
final class GitRepositorySource implements ChangeSource {

    private final Path repository;

    GitRepositorySource(Path repository) {
        this.repository = repository;
    }

    @Override
    public String dataType() {
        return "CONFIGURATION";
    }

    @Override
    public String source() {
        return repository.toString();
    }

    @Override
    public String objectName() {
        return "configuration.bundle";
    }

    @Override
    public String fingerprint() throws IOException {
        Process p = git("for-each-ref", "--format=%(objectname) %(refname)");
        String refs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (waitFor(p) != 0) {
            throw new IOException("git for-each-ref in '" + repository + "' failed: " + err.strip());
        }
        return refs;
    }

    @Override
    public InputStream open() throws IOException {
        Process p = git("bundle", "create", "-", "--all");
        p.getErrorStream().close();
        return new FilterInputStream(p.getInputStream()) {
            @Override
            public void close() throws IOException {
                super.close();
                int exit = waitFor(p);
                if (exit != 0) {
                    throw new IOException("git bundle create in '" + repository + "' exited with " + exit);
                }
            }
        };
    }

    private Process git(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while waiting for git", e);
        }
    }
}
