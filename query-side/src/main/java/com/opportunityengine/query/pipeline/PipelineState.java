package com.opportunityengine.query.pipeline;

import java.math.BigDecimal;

/** What the pipeline totals need of one opportunity: where its amount is counted, if anywhere. */
record PipelineState(String pipeline, String stage, String owner, BigDecimal amount, String currency, boolean open) {

    static final PipelineState NONE = new PipelineState(null, null, null, null, null, false);

    boolean counts() {
        return open && pipeline != null && stage != null && amount != null;
    }

    PipelineState withStage(String stage) {
        return new PipelineState(pipeline, stage, owner, amount, currency, open);
    }

    PipelineState withOwner(String owner) {
        return new PipelineState(pipeline, stage, owner, amount, currency, open);
    }

    PipelineState withAmount(BigDecimal amount, String currency) {
        return new PipelineState(pipeline, stage, owner, amount, currency, open);
    }

    PipelineState withOpen(boolean open) {
        return new PipelineState(pipeline, stage, owner, amount, currency, open);
    }
}
