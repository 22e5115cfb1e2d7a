package com.opportunityengine.command.email.web;

import java.util.List;

/** {@code GET /api/email-sequences/{id}}: the latest version, and every version oldest first. */
record SequenceVersions(SequenceView latest, List<SequenceView> versions) {}
