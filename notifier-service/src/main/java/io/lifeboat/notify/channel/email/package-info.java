/** The e-mail channel: SMTP through Spring's JavaMailSender ({@code spring.mail.*}), plain text and HTML. */
package io.lifeboat.notify.channel.email;
