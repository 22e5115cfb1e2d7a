package com.opportunityengine.command.imports.salesforce;

import com.opportunityengine.events.customer.RegisterCustomer;
import java.util.List;

/**
 * What an import will send: the customers to register first (one per AccountId), then each opportunity's commands,
 * and the rows it could not use. {@code rowsRead} counts data rows of both files.
 */
public record SalesforceImportPlan(
        long rowsRead,
        List<RegisterCustomer> customers,
        List<ImportedOpportunity> opportunities,
        List<RejectedRow> rejected) {}
