package com.opportunityengine.command.imports;

import com.opportunityengine.command.imports.salesforce.RejectedRow;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** The counters of a running import (one thread writes them). */
final class ImportProgress {

    private final String importId;
    long rowsRead;
    long opportunitiesCreated;
    long opportunitiesSkipped;
    long opportunitiesResumed;
    long customersCreated;
    long rejectedCount;
    final List<RejectedRow> rejected = new ArrayList<>();

    ImportProgress(String importId) {
        this.importId = importId;
    }

    String importId() {
        return importId;
    }

    void reject(RejectedRow row) {
        rejectedCount++;
        if (rejected.size() < ImportRecords.MAX_REJECTED) {
            rejected.add(row);
        }
    }

    Document toDocument() {
        List<Document> rows = new ArrayList<>();
        for (RejectedRow r : rejected) {
            rows.add(new Document("file", r.file()).append("line", r.line()).append("reason", r.reason()));
        }
        return new Document("rowsRead", rowsRead)
                .append("opportunitiesCreated", opportunitiesCreated)
                .append("opportunitiesSkipped", opportunitiesSkipped)
                .append("opportunitiesResumed", opportunitiesResumed)
                .append("customersCreated", customersCreated)
                .append("rejectedCount", rejectedCount)
                .append("rejected", rows);
    }
}
