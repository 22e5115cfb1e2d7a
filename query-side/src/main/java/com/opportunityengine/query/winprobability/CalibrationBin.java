package com.opportunityengine.query.winprobability;

/** Scored rows whose probability fell in [from, to): how many, their mean probability and how many were won. Null
 *  means and rates for empty bins. */
public record CalibrationBin(double from, double to, long count, Double meanPredicted, Double observedRate) {}
