package com.opportunityengine.command.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.email.BounceType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the mail gateway forwards, read: replies, delivery status notifications, complaints, strangers. */
class InboundMailTest {

    private static final String EMAIL = "0f0e0d0c-0b0a-4009-8008-070605040302";
    private final InboundMail inbound = new InboundMail("crm.example");

    private InboundMail.Reading read(String message) {
        return inbound.read(message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String report(String reportType, String status) {
        return """
                From: MAILER-DAEMON@mx.example
                Message-ID: <dsn-9@mx.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=%s; boundary="b"

                --b
                Content-Type: text/plain

                Delivery report.
                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example

                Final-Recipient: rfc822; x@tea.example
                Action: delayed
                Status: %s
                --b
                Content-Type: message/rfc822

                Message-ID: <%s@crm.example>
                Subject: An offer

                body
                --b--
                """.formatted(reportType, status, EMAIL);
    }

    @Test
    void aReplyIsMatchedByItsReferencesWhenInReplyToIsNotOurs() {
        InboundMail.Reading reading = read("""
                From: li@tea.example
                Message-ID: <r-1@tea.example>
                In-Reply-To: <someone-else@other.example>
                References: <first@other.example> <%s@crm.example>
                Subject: Re: offer

                ok
                """.formatted(EMAIL));
        assertThat(reading.kind()).isEqualTo(InboundMail.Kind.REPLY);
        assertThat(reading.emailId()).isEqualTo(EMAIL);
        assertThat(reading.messageId()).isEqualTo("<r-1@tea.example>");
    }

    @Test
    void aTransientStatusIsASoftBounceAndAPermanentOneAHardOne() {
        InboundMail.Reading soft = read(report("delivery-status", "4.2.2"));
        assertThat(soft.kind()).isEqualTo(InboundMail.Kind.BOUNCE);
        assertThat(soft.bounceType()).isEqualTo(BounceType.SOFT);
        assertThat(soft.status()).isEqualTo("4.2.2");
        assertThat(soft.action()).isEqualTo("delayed");
        assertThat(soft.emailId()).isEqualTo(EMAIL);
        assertThat(read(report("delivery-status", "5.7.1")).bounceType()).isEqualTo(BounceType.HARD);
    }

    @Test
    void aSuccessReportIsNoBounceAndAFeedbackReportIsAComplaint() {
        assertThat(read(report("delivery-status", "2.0.0")).kind()).isEqualTo(InboundMail.Kind.UNMATCHED);
        InboundMail.Reading complaint = read(report("feedback-report", "5.0.0"));
        assertThat(complaint.kind()).isEqualTo(InboundMail.Kind.BOUNCE);
        assertThat(complaint.bounceType()).isEqualTo(BounceType.COMPLAINT);
    }

    @Test
    void mailThatNamesNoneOfOurMessagesIsUnmatched() {
        assertThat(read("""
                        From: a@b.example
                        In-Reply-To: <%s@elsewhere.example>
                        Subject: hi

                        hello
                        """.formatted(EMAIL)).kind()).isEqualTo(InboundMail.Kind.UNMATCHED);
    }
}
