package io.lifeboat.notify.channel.email;

import io.lifeboat.notify.channel.AlertText;
import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.channel.ChannelSender;
import io.lifeboat.notify.notification.Notification;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.function.Function;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail over SMTP: one multipart message (plain text and HTML) per notification to every address of the
 * stakeholder. Authentication, parse and preparation errors are permanent; anything else (connection refused,
 * server busy) transient.
 */
public final class EmailSender implements ChannelSender {

    private final JavaMailSender mail;
    private final String from;
    private final Function<String, List<String>> recipients;

    public EmailSender(JavaMailSender mail, String from, Function<String, List<String>> recipients) {
        this.mail = mail;
        this.from = from;
        this.recipients = recipients;
    }

    @Override
    public void send(Notification notification) throws ChannelFailure {
        AlertText text = AlertText.of(notification);
        try {
            MimeMessage message = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(from);
            helper.setTo(recipients.apply(notification.audience()).toArray(String[]::new));
            helper.setSubject(text.subjectLine());
            helper.setText(text.plain(), text.html());
            message.setHeader("X-Lifeboat-Notification-Id", notification.id());
            mail.send(message);
        } catch (MessagingException | MailParseException | MailPreparationException e) {
            throw ChannelFailure.permanent("e-mail could not be composed: " + e.getClass().getSimpleName());
        } catch (MailAuthenticationException e) {
            throw ChannelFailure.permanent("SMTP server refused the credentials");
        } catch (MailException e) {
            throw ChannelFailure.transientFailure("SMTP delivery failed: " + e.getClass().getSimpleName()
                    + (e.getMostSpecificCause() == null ? "" : " (" + e.getMostSpecificCause().getClass()
                    .getSimpleName() + ")"), e);
        }
    }
}
