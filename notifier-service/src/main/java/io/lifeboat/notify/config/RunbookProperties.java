package io.lifeboat.notify.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.notifier.runbooks.*}: the runbook step a notification points to for facts whose event does not
 * carry one (AlertRaised carries its own).
 *
 * @param backupFailed    for BackupFailed
 * @param integrityFailed for an IntegrityChecked that did not pass
 * @param drDeclared      for DrDeclared
 */
@Validated
@ConfigurationProperties("lifeboat.notifier.runbooks")
public record RunbookProperties(@NotBlank String backupFailed, @NotBlank String integrityFailed,
                                @NotBlank String drDeclared) {
}
