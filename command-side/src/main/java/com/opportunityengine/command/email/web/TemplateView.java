package com.opportunityengine.command.email.web;

import com.opportunityengine.command.email.EmailTemplate;
import java.time.Instant;

/** A template version as the API shows it. */
record TemplateView(
        String templateId,
        int version,
        String name,
        String locale,
        String subject,
        String text,
        String html,
        Instant createdAt,
        String createdBy) {

    static TemplateView of(EmailTemplate template) {
        return new TemplateView(
                template.templateId(),
                template.version(),
                template.name(),
                template.locale(),
                template.subject(),
                template.text(),
                template.html(),
                template.createdAt(),
                template.createdBy());
    }
}
