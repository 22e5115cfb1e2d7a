package com.opportunityengine.query.winprobability;

/** One stage of the model as answered: counts, P(won | at the stage) and its 95% interval. */
record StageModelView(
        String stage,
        int order,
        long reached,
        long won,
        long lost,
        long open,
        Double defaultProbability,
        Double probability,
        Interval interval) {

    /** A 95% Wilson interval. */
    record Interval(Double low, Double high) {}

    static StageModelView of(StageEstimate e) {
        return new StageModelView(
                e.stage() == null ? null : e.stage().value(),
                e.order(),
                e.reached(),
                e.won(),
                e.lost(),
                e.open(),
                Rounding.round(e.defaultProbability()),
                Rounding.round(e.probability()),
                new Interval(Rounding.round(e.low()), Rounding.round(e.high())));
    }
}
