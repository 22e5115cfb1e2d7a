package com.opportunityengine.command.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.opportunityengine.command.imports.salesforce.RejectedRow;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/imports/{id}}: where an import stands. {@code opportunitiesSkipped} counts opportunities that
 * already existed complete (a repeated import creates nothing new); {@code opportunitiesResumed} those an earlier,
 * interrupted import of the same files had cut short and this one completed; {@code rejectedCount} is exact even when {@code rejected}
 * is cut at {@link ImportRecords#MAX_REJECTED}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImportStatus(
        String importId,
        String status,
        long rowsRead,
        long opportunitiesCreated,
        long opportunitiesSkipped,
        long opportunitiesResumed,
        long customersCreated,
        long rejectedCount,
        List<RejectedRow> rejected,
        Instant startedAt,
        Instant finishedAt,
        String error) {}
