package com.opportunityengine.command.imports.salesforce;

import com.opportunityengine.events.pipeline.StageCode;
import java.util.Objects;

/** Where a Salesforce StageName lands: an open stage of the pipeline, or one of the outcomes WON and LOST. */
public record StageTarget(Outcome outcome, StageCode stage) {

    public enum Outcome {
        OPEN,
        WON,
        LOST
    }

    public static final StageTarget WON = new StageTarget(Outcome.WON, null);
    public static final StageTarget LOST = new StageTarget(Outcome.LOST, null);

    public StageTarget {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.OPEN) != (stage != null)) {
            throw new IllegalArgumentException("an open target names a stage, an outcome does not");
        }
    }

    public static StageTarget open(String code) {
        return new StageTarget(Outcome.OPEN, StageCode.of(code));
    }

    boolean isOpen() {
        return outcome == Outcome.OPEN;
    }
}
