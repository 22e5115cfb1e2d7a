package com.opportunityengine.query.opportunity;

import java.util.Optional;

/**
 * The learned win probability of an open opportunity now, for views that show one (the opportunity view combines it
 * at read time; no projection asks for it while handling events). Empty when the model does not know the opportunity
 * as open (not yet seen, closed, or the model is not running): callers fall back to the stage default.
 */
public interface WinProbabilities {

    Optional<Double> current(String opportunityId);
}
