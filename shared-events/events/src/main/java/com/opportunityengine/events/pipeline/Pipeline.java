package com.opportunityengine.events.pipeline;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pipeline: ordered open stages. The terminal outcomes WON and LOST are not stages; an
 * opportunity's status says when it has reached one of them. Stage orders are 1-based.
 */
public record Pipeline(PipelineId id, String name, List<Stage> stages) {

    /** The default pipeline of the public contract. */
    public static final Pipeline DEFAULT = new Pipeline(
            PipelineId.DEFAULT,
            "Default",
            List.of(
                    new Stage(StageCode.of("initial-contact"), "Initial contact", "初步接触", 0.10),
                    new Stage(StageCode.of("needs-confirmed"), "Needs confirmed", "需求确认", 0.25),
                    new Stage(StageCode.of("solution-discussion"), "Solution discussion", "方案讨论", 0.50),
                    new Stage(StageCode.of("negotiation"), "Negotiation", "商务谈判", 0.75)));

    public Pipeline {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline has at least one stage");
        }
        Set<StageCode> seen = new HashSet<>();
        for (Stage stage : stages) {
            if (!seen.add(stage.code())) {
                throw new IllegalArgumentException("stage code " + stage.code() + " appears twice");
            }
        }
    }

    public Optional<Stage> stage(StageCode code) {
        return stages.stream().filter(s -> s.code().equals(code)).findFirst();
    }

    public boolean contains(StageCode code) {
        return stage(code).isPresent();
    }

    /** The 1-based order of a stage, or 0 when the pipeline does not have it. */
    public int order(StageCode code) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).code().equals(code)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The stage at a 1-based order. */
    public Stage stageAt(int order) {
        return stages.get(order - 1);
    }

    public Stage first() {
        return stages.get(0);
    }

    /** True when this pipeline keeps every stage of {@code older}, in the same order, first. */
    public boolean extendsStagesOf(Pipeline older) {
        if (older.stages.size() > stages.size()) {
            return false;
        }
        for (int i = 0; i < older.stages.size(); i++) {
            if (!older.stages.get(i).code().equals(stages.get(i).code())) {
                return false;
            }
        }
        return true;
    }
}
