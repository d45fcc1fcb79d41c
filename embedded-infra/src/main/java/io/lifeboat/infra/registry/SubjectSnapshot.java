package io.lifeboat.infra.registry;

import java.util.List;
import java.util.Optional;

/**
 * One subject as the {@link RegistryState} saw it at one moment: all its versions (oldest first, soft-deleted ones
 * included), the version a new registration would get, and the compatibility level in force for it.
 */
record SubjectSnapshot(String subject, List<SubjectVersion> versions, int nextVersion, CompatibilityLevel level) {

    SubjectSnapshot {
        versions = List.copyOf(versions);
    }

    List<SubjectVersion> live() {
        return versions.stream().filter(v -> !v.deleted()).toList();
    }

    /** The versions a caller may see: the live ones, or all of them with {@code includeDeleted}. */
    List<SubjectVersion> visible(boolean includeDeleted) {
        return includeDeleted ? versions : live();
    }

    Optional<SubjectVersion> latestLive() {
        List<SubjectVersion> live = live();
        return live.isEmpty() ? Optional.empty() : Optional.of(live.get(live.size() - 1));
    }

    /** The newest visible version whose canonical schema text is {@code canonical}. */
    Optional<SubjectVersion> find(String canonical, boolean includeDeleted) {
        List<SubjectVersion> visible = visible(includeDeleted);
        for (int i = visible.size() - 1; i >= 0; i--) {
            if (visible.get(i).schema().equals(canonical)) {
                return Optional.of(visible.get(i));
            }
        }
        return Optional.empty();
    }

    Optional<SubjectVersion> version(int number, boolean includeDeleted) {
        return visible(includeDeleted).stream().filter(v -> v.version() == number).findFirst();
    }
}
