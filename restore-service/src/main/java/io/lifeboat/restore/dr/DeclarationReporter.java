package io.lifeboat.restore.dr;

/** Where disaster facts go (the messaging adapter publishes DrDeclared, DrPhaseCompleted and DrClosed). */
public interface DeclarationReporter {

    void declared(Declaration declaration);

    void phaseCompleted(DrPhaseCompletion completion);

    void closed(DrClosing closing);
}
