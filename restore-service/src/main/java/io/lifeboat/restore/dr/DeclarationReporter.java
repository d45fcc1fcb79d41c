package io.lifeboat.restore.dr;

/** Where declarations go (the messaging adapter publishes DrDeclared). */
public interface DeclarationReporter {

    void declared(Declaration declaration);
}
