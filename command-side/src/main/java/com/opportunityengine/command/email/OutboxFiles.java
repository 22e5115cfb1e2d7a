package com.opportunityengine.command.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Without an SMTP server ({@code spring.mail.host} unset), each email is written as an RFC 5322 {@code .eml} file
 * under {@code <engine.data-dir>/outbox/}, named after its delivery attempt: what would have been sent, for a new
 * user to open. Written to a temporary file first and moved into place, so a file is never half there.
 */
class OutboxFiles implements MailTransport {

    private final Path folder;
    private final Session session = Session.getInstance(new Properties());

    OutboxFiles(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public void send(MimeMessage message, String name) {
        try {
            Files.createDirectories(folder);
            message.saveChanges();
            Path temporary = Files.createTempFile(folder, ".sending-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                message.writeTo(out);
            }
            Files.move(
                    temporary,
                    folder.resolve(name.replace('#', '-') + ".eml"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | MessagingException e) {
            throw new MailRefusedException(
                    "the outbox folder " + folder + " could not be written: " + e.getMessage(), e);
        }
    }
}
