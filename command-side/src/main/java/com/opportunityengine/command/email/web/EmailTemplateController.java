package com.opportunityengine.command.email.web;

import com.opportunityengine.command.email.EmailTemplate;
import com.opportunityengine.command.email.EmailTemplates;
import com.opportunityengine.command.email.MergeFields;
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
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Email templates (ADMIN, SALES_MANAGER): versioned, each version immutable. A template whose subject, text or
 * html names a merge field that is not in {@link MergeFields#FIELDS}, includes a partial or does not compile is
 * refused at save time (400 naming the part), nothing stored.
 */
@RestController
@Tag(name = "Email")
class EmailTemplateController {

    private final EmailTemplates templates;
    private final CurrentUser currentUser;
    private final Clock clock;

    EmailTemplateController(EmailTemplates templates, CurrentUser currentUser, Clock clock) {
        this.templates = templates;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @ApiResponse(responseCode = "201", description = "The template's new version; Location names the template")
    @PostMapping(path = "/api/email-templates", consumes = "application/json")
    @Operation(summary = "Save an email template (a new one, or the next version of one)")
    ResponseEntity<TemplateView> save(@Valid @RequestBody SaveTemplateRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        String locale = null;
        try {
            Locale parsed =
                    new Locale.Builder().setLanguageTag(request.locale()).build();
            locale = parsed.toLanguageTag();
        } catch (IllformedLocaleException e) {
            errors.add(new FieldProblem("locale", "must be a language tag such as zh-CN or en"));
        }
        check("subject", request.subject(), errors);
        check("text", request.text(), errors);
        check("html", request.html(), errors);
        if (!errors.isEmpty()) {
            throw Problems.exception(Problems.invalid(errors));
        }
        String templateId = request.templateId() != null
                ? request.templateId().toString()
                : UUID.randomUUID().toString();
        EmailTemplate saved = templates.save(new EmailTemplate(
                templateId,
                0,
                request.name().strip(),
                locale,
                request.subject(),
                request.text(),
                request.html(),
                clock.instant(),
                currentUser.requireUser().userId()));
        return ResponseEntity.created(URI.create("/api/email-templates/" + templateId))
                .body(TemplateView.of(saved));
    }

    @GetMapping("/api/email-templates")
    @Operation(summary = "The latest version of every email template, and the merge fields")
    TemplateList list() {
        return new TemplateList(
                templates.allLatest().stream().map(TemplateView::of).toList(),
                List.copyOf(MergeFields.FIELDS.keySet()));
    }

    @GetMapping("/api/email-templates/{id}")
    @Operation(summary = "An email template: its latest version and every version")
    TemplateVersions find(@PathVariable("id") UUID id) {
        List<TemplateView> versions =
                templates.versions(id.toString()).stream().map(TemplateView::of).toList();
        if (versions.isEmpty()) {
            throw Problems.exception(Problems.notFound(ErrorCode.EMAIL_TEMPLATE_NOT_FOUND, id));
        }
        return new TemplateVersions(versions.get(versions.size() - 1), versions);
    }

    private static void check(String field, String template, List<FieldProblem> errors) {
        for (String problem : MergeFields.problems(template)) {
            errors.add(new FieldProblem(field, problem));
        }
    }
}
