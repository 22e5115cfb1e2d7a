package com.opportunityengine.command.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.Stage;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.pipeline.StoredPipelines;
import com.opportunityengine.platform.problem.InvalidInputException;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pipelines as data: {@code POST /api/pipelines} defines one (201 + Location when new, 200 when an existing one gains
 * stages or is sent again unchanged; 409 {@code PIPELINE_STAGES_IN_USE} when it would change or drop stages), and
 * {@code GET /api/pipelines} lists the default, configured and stored ones.
 */
@RestController
@RequestMapping("/api/pipelines")
class PipelineDefinitionController {

    private final Pipelines pipelines;
    private final PipelineDefinitions definitions;

    PipelineDefinitionController(Pipelines pipelines, StoredPipelines stored) {
        this.pipelines = pipelines;
        this.definitions = new PipelineDefinitions(pipelines, stored);
    }

    @ApiResponse(responseCode = "201", description = "A new pipeline; Location names it")
    @ApiResponse(responseCode = "200", description = "An existing pipeline, its stages appended or unchanged")
    @PostMapping
    ResponseEntity<Pipeline> define(@Valid @RequestBody DefinePipelineRequest request) {
        PipelineDefinitions.Defined defined = definitions.define(toPipeline(request));
        if (defined.created()) {
            return ResponseEntity.created(
                            URI.create("/api/pipelines/" + defined.pipeline().id()))
                    .body(defined.pipeline());
        }
        return ResponseEntity.ok(defined.pipeline());
    }

    @GetMapping
    PipelineList list() {
        List<Pipeline> all = pipelines.all();
        return new PipelineList(all, 0, all.size(), all.size());
    }

    @GetMapping("/{id}")
    Pipeline get(@PathVariable("id") String id) {
        PipelineId pipelineId;
        try {
            pipelineId = PipelineId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("id", e.getMessage());
        }
        return pipelines
                .find(pipelineId)
                .orElseThrow(() -> Problems.exception(Problems.of(ProblemType.NOT_FOUND, "No pipeline " + id + ".")));
    }

    private static Pipeline toPipeline(DefinePipelineRequest request) {
        List<Stage> stages = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < request.stages().size(); i++) {
            DefineStageRequest stage = request.stages().get(i);
            if (stage == null) {
                throw new InvalidInputException("stages[" + i + "]", "must not be null");
            }
            Integer first = seen.putIfAbsent(stage.code(), i);
            if (first != null) {
                throw new InvalidInputException("stages[" + i + "].code", "repeats the code of stages[" + first + "]");
            }
            stages.add(new Stage(
                    StageCode.of(stage.code()),
                    stage.name(),
                    stage.nameZh(),
                    stage.defaultProbability().doubleValue()));
        }
        return new Pipeline(PipelineId.of(request.id()), request.name(), stages);
    }
}
