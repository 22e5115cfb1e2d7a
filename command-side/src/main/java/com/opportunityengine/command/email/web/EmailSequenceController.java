package com.opportunityengine.command.email.web;

import com.opportunityengine.command.email.EmailSequence;
import com.opportunityengine.command.email.EmailSequences;
import com.opportunityengine.command.email.EmailTemplate;
import com.opportunityengine.command.email.EmailTemplates;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.platform.problem.FieldProblem;
import com.opportunityengine.platform.problem.Problems;
import com.opportunityengine.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Email sequences (ADMIN, SALES_MANAGER): versioned, each version immutable, like the templates. A step naming a
 * template that does not exist, or a delay that is not a non-negative ISO-8601 duration, is refused at save time (400
 * naming the step), nothing stored. Each step keeps the template's latest version at save time.
 */
@RestController
@Tag(name = "Email")
class EmailSequenceController {

    private final EmailSequences sequences;
    private final EmailTemplates templates;
    private final CurrentUser currentUser;
    private final Clock clock;

    EmailSequenceController(EmailSequences sequences, EmailTemplates templates, CurrentUser currentUser, Clock clock) {
        this.sequences = sequences;
        this.templates = templates;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @ApiResponse(responseCode = "201", description = "The sequence's new version; Location names the sequence")
    @PostMapping(path = "/api/email-sequences", consumes = "application/json")
    @Operation(summary = "Save an email sequence (a new one, or the next version of one)")
    ResponseEntity<SequenceView> save(@Valid @RequestBody SaveSequenceRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        List<EmailSequence.Step> steps = new ArrayList<>();
        for (int i = 0; i < request.steps().size(); i++) {
            SaveSequenceRequest.StepRequest step = request.steps().get(i);
            Optional<EmailTemplate> template =
                    templates.latest(step.templateId().toString());
            if (template.isEmpty()) {
                errors.add(new FieldProblem("steps[" + i + "].templateId", "no such email template"));
            }
            Duration delay = delay(step.delay());
            if (delay == null) {
                errors.add(new FieldProblem(
                        "steps[" + i + "].delay", "must be a non-negative ISO-8601 duration such as P3D or PT12H"));
            }
            if (template.isPresent() && delay != null) {
                steps.add(new EmailSequence.Step(
                        template.get().templateId(), template.get().version(), delay));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.exception(Problems.invalid(errors));
        }
        String sequenceId = request.sequenceId() != null
                ? request.sequenceId().toString()
                : UUID.randomUUID().toString();
        EmailSequence saved = sequences.save(new EmailSequence(
                sequenceId,
                0,
                request.name().strip(),
                steps,
                clock.instant(),
                currentUser.requireUser().userId()));
        return ResponseEntity.created(URI.create("/api/email-sequences/" + sequenceId))
                .body(SequenceView.of(saved));
    }

    @GetMapping("/api/email-sequences")
    @Operation(summary = "The latest version of every email sequence")
    SequenceList list() {
        return new SequenceList(
                sequences.allLatest().stream().map(SequenceView::of).toList());
    }

    @GetMapping("/api/email-sequences/{id}")
    @Operation(summary = "An email sequence: its latest version and every version")
    SequenceVersions find(@PathVariable("id") UUID id) {
        List<SequenceView> versions =
                sequences.versions(id.toString()).stream().map(SequenceView::of).toList();
        if (versions.isEmpty()) {
            throw Problems.exception(Problems.notFound(ErrorCode.EMAIL_SEQUENCE_NOT_FOUND, id));
        }
        return new SequenceVersions(versions.get(versions.size() - 1), versions);
    }

    /** The delay, or null when it is not a non-negative ISO-8601 duration (days, hours, minutes, seconds). */
    private static Duration delay(String text) {
        try {
            Duration delay = Duration.parse(text.strip());
            return delay.isNegative() ? null : delay;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
