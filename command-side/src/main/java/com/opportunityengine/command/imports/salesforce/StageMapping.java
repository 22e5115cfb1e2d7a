package com.opportunityengine.command.imports.salesforce;

import com.opportunityengine.events.pipeline.Pipeline;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps Salesforce StageNames (case and surrounding spaces ignored) onto a pipeline's stages or the outcomes. The
 * {@link #standard() standard} mapping covers Salesforce's out-of-the-box stage names on the default pipeline.
 */
public final class StageMapping {

    private final Pipeline pipeline;
    private final Map<String, StageTarget> targets = new HashMap<>();

    public StageMapping(Pipeline pipeline, Map<String, StageTarget> byStageName) {
        this.pipeline = pipeline;
        byStageName.forEach((name, target) -> {
            if (target.isOpen() && !pipeline.contains(target.stage())) {
                throw new IllegalArgumentException("stage " + target.stage() + " is not in pipeline " + pipeline.id());
            }
            targets.put(key(name), target);
        });
    }

    /** Salesforce's standard sales process onto the default pipeline. */
    public static StageMapping standard() {
        Map<String, StageTarget> m = new HashMap<>();
        m.put("Prospecting", StageTarget.open("initial-contact"));
        m.put("Qualification", StageTarget.open("initial-contact"));
        m.put("Needs Analysis", StageTarget.open("needs-confirmed"));
        m.put("Value Proposition", StageTarget.open("needs-confirmed"));
        m.put("Id. Decision Makers", StageTarget.open("solution-discussion"));
        m.put("Perception Analysis", StageTarget.open("solution-discussion"));
        m.put("Proposal/Price Quote", StageTarget.open("solution-discussion"));
        m.put("Negotiation/Review", StageTarget.open("negotiation"));
        m.put("Closed Won", StageTarget.WON);
        m.put("Closed Lost", StageTarget.LOST);
        return new StageMapping(Pipeline.DEFAULT, m);
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public Optional<StageTarget> map(String stageName) {
        return stageName == null ? Optional.empty() : Optional.ofNullable(targets.get(key(stageName)));
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
