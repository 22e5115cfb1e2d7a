package com.opportunityengine.events.opportunity;

/** Whether a stage change moved up the pipeline (possibly skipping stages) or back. */
public enum StageDirection {
    FORWARD,
    BACKWARD
}
