package io.lifeboat.infra.registry;

/** One version of a subject: the global schema id it points at, the canonical schema text, and whether it is soft-deleted. */
record SubjectVersion(String subject, int version, int id, String schema, boolean deleted) {

    SubjectVersion markDeleted() {
        return new SubjectVersion(subject, version, id, schema, true);
    }
}
