package com.opportunityengine.command.email.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The body of {@code POST /api/email-templates}: without {@code templateId} a new template, with one its next version. */
record SaveTemplateRequest(
        UUID templateId,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 35) String locale,
        @NotBlank @Size(max = 998) String subject,
        @NotBlank @Size(max = 30000) String text,
        @Size(max = 30000) String html) {}
