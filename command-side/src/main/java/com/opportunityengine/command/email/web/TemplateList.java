package com.opportunityengine.command.email.web;

import java.util.List;

/** {@code GET /api/email-templates}: the latest version of each template; {@code fields}, the merge fields. */
record TemplateList(List<TemplateView> items, List<String> fields) {}
