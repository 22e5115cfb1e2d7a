package com.opportunityengine.command.email.web;

import java.util.List;

/** {@code GET /api/email-templates/{id}}: the latest version, and every version oldest first. */
record TemplateVersions(TemplateView latest, List<TemplateView> versions) {}
