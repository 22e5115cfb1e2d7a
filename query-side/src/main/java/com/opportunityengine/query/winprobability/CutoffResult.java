package com.opportunityengine.query.winprobability;

import java.time.Instant;

/** The metrics of the rows scored at one cutoff, for the model and for the pipeline's default probabilities. */
public record CutoffResult(Instant cutoff, Metrics model, Metrics baseline) {}
