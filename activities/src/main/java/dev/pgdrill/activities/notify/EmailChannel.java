package dev.pgdrill.activities.notify;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.config.AlertChannels;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.notify.Notification;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * One email per notice to every recipient, plain text and HTML, over STARTTLS (required, not hoped for), SMTPS
 * or, for a relay on the same host, plain SMTP; with SMTP AUTH when a username is configured. Server
 * certificates are checked against the JVM's trust store, host name included.
 */
final class EmailChannel implements NoticeChannel {
    private static final String TIMEOUT_MS = "20000";

    private final AlertChannels.Email config;
    private final Properties properties;

    /** @param overrides session properties the tests set (a socket factory that trusts their server) */
    EmailChannel(AlertChannels.Email config, Properties overrides) {
        this.config = config;
        this.properties = properties(config);
        this.properties.putAll(overrides);
    }

    private static Properties properties(AlertChannels.Email c) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", c.host());
        p.put("mail.smtp.port", String.valueOf(c.port()));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.put("mail.smtp.timeout", TIMEOUT_MS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MS);
        p.put("mail.smtp.auth", String.valueOf(c.username().isPresent()));
        switch (c.tls()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.put("mail.smtp.ssl.enable", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> p.put("mail.smtp.starttls.enable", "false");
        }
        return p;
    }

    @Override
    public String send(Notification n) throws ActivityException {
        Session session = Session.getInstance(properties);
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(config.from()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", config.to())));
            m.setSubject(NoticeText.subject(n), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            MimeMultipart body = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(String.join("\n", NoticeText.lines(n)) + "\n", StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(NoticeText.html(n), "text/html; charset=utf-8");
            body.addBodyPart(text);
            body.addBodyPart(html);
            m.setContent(body);
            m.saveChanges();
            try (Transport t = session.getTransport()) {
                t.connect(
                        config.host(),
                        config.port(),
                        config.username().orElse(null),
                        config.password().map(s -> s.reveal()).orElse(null));
                t.sendMessage(m, m.getAllRecipients());
            }
            return "sent to " + config.to().size() + " recipient(s) via " + config.host() + ":" + config.port();
        } catch (MessagingException e) {
            // Retrying cannot help a wrong password, a refused recipient, or a server that will not upgrade to TLS.
            boolean refused = e instanceof AuthenticationFailedException
                    || String.valueOf(e.getMessage()).contains("STARTTLS is required")
                    || (e instanceof SMTPSendFailedException s && s.getReturnCode() >= 500)
                    || (e instanceof SendFailedException && !(e instanceof SMTPSendFailedException));
            String why = e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).strip();
            throw new ActivityException(
                    refused ? FailureType.NOTIFICATION_REJECTED : FailureType.NOTIFICATION_FAILED,
                    "unable to send email via " + config.host() + ":" + config.port() + ": " + why,
                    !refused,
                    null);
        }
    }
}
