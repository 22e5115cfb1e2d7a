package com.opportunityengine.command.email;

import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.email.RecipientSource;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Composes an email when it is requested, for the opportunity's command handler: finds the template version,
 * the recipient (the request's address or the customer's), refuses a suppressed address, renders the template with
 * the merge fields (plus a visible unsubscribe footer), keeps the rendered message ({@link EmailMessages}) and the
 * address ({@link Addresses}) and answers what the event records: references and the body's hash.
 */
public class EmailComposer {

    /** What the composer needs to know about a customer. */
    public record CustomerContact(String name, String company, String email) {}

    /** What the handler tells the composer about the email and the opportunity. */
    public record Draft(
            String emailId,
            String opportunityId,
            String templateId,
            Integer templateVersion,
            String to,
            String customerId,
            String title,
            Money amount,
            String stage,
            String ownerId,
            Instant sendAt,
            Instant requestedAt) {}

    /** What the event records. */
    public record Composed(
            String templateId, int templateVersion, String recipient, RecipientSource source, String bodySha256) {}

    private final EmailTemplates templates;
    private final Function<String, Optional<CustomerContact>> customers;
    private final Function<String, String> displayNames;
    private final Addresses addresses;
    private final Suppressions suppressions;
    private final UnsubscribeTokens tokens;
    private final EmailMessages messages;
    private final String publicUrl;

    public EmailComposer(
            EmailTemplates templates,
            Function<String, Optional<CustomerContact>> customers,
            Function<String, String> displayNames,
            Addresses addresses,
            Suppressions suppressions,
            UnsubscribeTokens tokens,
            EmailMessages messages,
            String publicUrl) {
        this.templates = templates;
        this.customers = customers;
        this.displayNames = displayNames;
        this.addresses = addresses;
        this.suppressions = suppressions;
        this.tokens = tokens;
        this.messages = messages;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** EMAIL_ADDRESS_SUPPRESSED, with the suppression's reason ({@link Suppressions#UNSUBSCRIBED}, ...). */
    public static final class AddressSuppressed extends BusinessRuleException {

        private final String reason;

        AddressSuppressed(Suppression suppression) {
            super(
                    ErrorCode.EMAIL_ADDRESS_SUPPRESSED,
                    "the address gets no email since " + suppression.since() + " (" + suppression.reason() + ")");
            this.reason = suppression.reason();
        }

        public String reason() {
            return reason;
        }
    }

    public Composed compose(Draft draft) {
        messages.find(draft.emailId())
                .filter(existing -> !existing.opportunityId().equals(draft.opportunityId()))
                .ifPresent(existing -> {
                    throw new BusinessRuleException(
                            ErrorCode.ALREADY_EXISTS, "email " + draft.emailId() + " already exists");
                });
        EmailTemplate template = (draft.templateVersion() == null
                        ? templates.latest(draft.templateId())
                        : templates.find(draft.templateId(), draft.templateVersion()))
                .orElseThrow(() -> new BusinessRuleException(
                        ErrorCode.UNKNOWN_EMAIL_TEMPLATE,
                        "there is no email template " + draft.templateId()
                                + (draft.templateVersion() == null ? "" : " version " + draft.templateVersion())));
        CustomerContact customer = draft.customerId() == null
                ? new CustomerContact(null, null, null)
                : customers.apply(draft.customerId()).orElse(new CustomerContact(null, null, null));
        RecipientSource source = draft.to() != null ? RecipientSource.EXPLICIT : RecipientSource.CUSTOMER;
        String to = draft.to() != null ? draft.to() : customer.email();
        if (to == null || to.isBlank()) {
            throw new BusinessRuleException(
                    ErrorCode.EMAIL_RECIPIENT_MISSING,
                    "the email has no 'to' and the opportunity's customer has no registered email");
        }
        String reference = Addresses.reference(to);
        suppressions.find(reference).ifPresent(suppression -> {
            throw new AddressSuppressed(suppression);
        });
        String unsubscribeUrl = publicUrl + "/api/email/unsubscribe?token=" + tokens.token(reference, draft.emailId());
        MergeFields.Rendered rendered = MergeFields.render(
                template,
                new MergeFields.Values(
                        customer.name(),
                        customer.company(),
                        draft.title(),
                        draft.amount() == null ? null : draft.amount().value(),
                        draft.amount() == null
                                ? null
                                : draft.amount().currency().getCurrencyCode(),
                        draft.stage(),
                        draft.ownerId() == null ? null : displayNames.apply(draft.ownerId()),
                        unsubscribeUrl));
        boolean chinese = Locale.forLanguageTag(template.locale()).getLanguage().equals("zh");
        String text = rendered.text() + "\n\n--\n" + (chinese ? "退订：" : "Unsubscribe: ") + unsubscribeUrl + "\n";
        String html = rendered.html() == null
                ? null
                : rendered.html() + "\n<p style=\"font-size:small\"><a href=\"" + unsubscribeUrl + "\">"
                        + (chinese ? "退订" : "Unsubscribe") + "</a></p>\n";
        String sha256 = EmailMessage.sha256(rendered.subject(), text, html);
        addresses.remember(to);
        messages.put(new EmailMessage(
                draft.emailId(),
                draft.opportunityId(),
                Addresses.normalized(to),
                rendered.subject(),
                text,
                html,
                sha256,
                template.templateId(),
                template.version(),
                template.name(),
                draft.ownerId(),
                unsubscribeUrl,
                draft.sendAt(),
                draft.requestedAt()));
        return new Composed(template.templateId(), template.version(), reference, source, sha256);
    }
}
