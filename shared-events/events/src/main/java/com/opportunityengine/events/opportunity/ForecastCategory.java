package com.opportunityengine.events.opportunity;

/** The forecast category a person put an opportunity in (Salesforce's {@code ForecastCategory}). */
public enum ForecastCategory {
    PIPELINE,
    BEST_CASE,
    COMMIT,
    OMITTED,
    CLOSED
}
