package com.opportunityengine.command.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opportunityengine.command.imports.salesforce.StageMapping;
import com.opportunityengine.command.imports.salesforce.StageTarget;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.platform.input.WellFormedText;
import com.opportunityengine.platform.problem.InvalidInputException;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Imports: {@code POST /api/imports/salesforce} (multipart: {@code opportunities} = Opportunity.csv, {@code history}
 * = OpportunityHistory.csv, optional {@code mapping} (a file part or a text field) JSON {@code {pipeline, stages: {"<StageName>": "<code>" | "WON"
 * | "LOST"}}}; without it Salesforce's standard stage names map onto {@code default}) answers 202 {importId} and runs
 * in the background; {@code GET /api/imports/{id}} follows it. Sizes are bounded by
 * {@code spring.servlet.multipart.*} (50 MB a file).
 */
@RestController
@RequestMapping("/api/imports")
class ImportController {

    private final SalesforceImports imports;
    private final Pipelines pipelines;
    private final ObjectMapper json;

    ImportController(SalesforceImports imports, Pipelines pipelines, ObjectMapper json) {
        this.imports = imports;
        this.pipelines = pipelines;
        this.json = json;
    }

    @ApiResponse(responseCode = "202", description = "The import started; Location names its status")
    @PostMapping(path = "/salesforce", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportStarted> salesforce(
            @RequestPart(name = "opportunities", required = false) MultipartFile opportunities,
            @RequestPart(name = "history", required = false) MultipartFile history,
            @Parameter(
                            description = "the stage mapping JSON, as a file part or a plain text field"
                                    + " (-F mapping='{...}'); without it the standard mapping")
                    @RequestPart(name = "mapping", required = false)
                    MultipartFile mapping,
            HttpServletRequest request)
            throws IOException, ServletException {
        if (opportunities == null || opportunities.isEmpty()) {
            throw new InvalidInputException("opportunities", "is required: the Salesforce Opportunity.csv");
        }
        byte[] opportunityRows = WellFormedText.checkUtf8("opportunities", opportunities.getBytes());
        byte[] historyRows = history == null ? new byte[0] : WellFormedText.checkUtf8("history", history.getBytes());
        byte[] mappingBody = mappingPart(request);
        StageMapping stageMapping = mappingBody == null
                ? StageMapping.standard()
                : mapping(WellFormedText.checkUtf8("mapping", mappingBody));
        String actor = request.getUserPrincipal() == null
                ? "anonymous"
                : request.getUserPrincipal().getName();
        String importId = imports.start(opportunityRows, historyRows, stageMapping, actor);
        return ResponseEntity.accepted()
                .location(URI.create("/api/imports/" + importId))
                .body(new ImportStarted(importId));
    }

    @GetMapping("/{id}")
    ImportStatus status(@PathVariable("id") String id) {
        return imports.find(id)
                .orElseThrow(() -> Problems.exception(Problems.of(ProblemType.NOT_FOUND, "No import " + id + ".")));
    }

    /**
     * The one part named {@code mapping}, a file part or a plain text field alike (Spring binds only the former to a
     * {@link MultipartFile}, so the parts are read directly); {@code null} when there is none. An empty part or a
     * second one is refused: the import never falls back to the standard mapping when a mapping was sent.
     */
    private static byte[] mappingPart(HttpServletRequest request) throws IOException, ServletException {
        List<Part> sent = new ArrayList<>();
        for (Part part : request.getParts()) {
            if ("mapping".equals(part.getName())) {
                sent.add(part);
            }
        }
        if (sent.isEmpty()) {
            return null;
        }
        if (sent.size() > 1) {
            throw new InvalidInputException("mapping", "is sent " + sent.size() + " times: send one");
        }
        byte[] body;
        try (InputStream in = sent.get(0).getInputStream()) {
            body = in.readAllBytes();
        }
        if (body.length == 0) {
            throw new InvalidInputException("mapping", "is empty: send the mapping JSON or leave the part out");
        }
        return body;
    }

    private StageMapping mapping(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new InvalidInputException("mapping", "is not well-formed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("mapping", "must be a JSON object {pipeline, stages}");
        }
        String pipelineId = root.path("pipeline").asText("default");
        Pipeline pipeline;
        try {
            pipeline = pipelines
                    .find(PipelineId.of(pipelineId))
                    .orElseThrow(() -> new InvalidInputException("mapping.pipeline", "names no known pipeline"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("mapping.pipeline", e.getMessage());
        }
        JsonNode stages = root.path("stages");
        if (!stages.isObject() || stages.isEmpty()) {
            throw new InvalidInputException("mapping.stages", "must map each StageName to a stage code, WON or LOST");
        }
        Map<String, StageTarget> targets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = "mapping.stages." + entry.getKey();
            String target = entry.getValue().asText("");
            switch (target.toUpperCase(Locale.ROOT)) {
                case "WON" -> targets.put(entry.getKey(), StageTarget.WON);
                case "LOST" -> targets.put(entry.getKey(), StageTarget.LOST);
                default -> {
                    StageCode code;
                    try {
                        code = StageCode.of(target);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException(
                                field, "must be a stage code of " + pipeline.id() + ", WON or LOST");
                    }
                    if (!pipeline.contains(code)) {
                        throw new InvalidInputException(field, "names no stage of pipeline " + pipeline.id());
                    }
                    targets.put(entry.getKey(), new StageTarget(StageTarget.Outcome.OPEN, code));
                }
            }
        }
        return new StageMapping(pipeline, targets);
    }
}
