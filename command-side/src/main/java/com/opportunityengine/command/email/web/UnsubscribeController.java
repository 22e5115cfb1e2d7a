package com.opportunityengine.command.email.web;

import com.opportunityengine.command.email.Suppression;
import com.opportunityengine.command.email.Suppressions;
import com.opportunityengine.command.email.UnsubscribeTokens;
import com.opportunityengine.platform.problem.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The recipients' opt-out, without an API key: the token of the link (an HMAC over the address reference and the
 * email) is the authority. {@code POST} unsubscribes, idempotently (RFC 8058's one-click {@code List-Unsubscribe-Post}
 * and the page's button); {@code GET} only shows the page with that button, because mail scanners open links
 * before people do and a GET must not change anything.
 */
@RestController
@Tag(name = "Email")
class UnsubscribeController {

    private final UnsubscribeTokens tokens;
    private final Suppressions suppressions;
    private final Clock clock;

    UnsubscribeController(UnsubscribeTokens tokens, Suppressions suppressions, Clock clock) {
        this.tokens = tokens;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** The answer of an unsubscribe. */
    record Unsubscribed(boolean unsubscribed, String reason, Instant since) {}

    @GetMapping(path = "/api/email/unsubscribe")
    @Operation(summary = "The unsubscribe page (changes nothing)")
    ResponseEntity<String> page(@RequestParam(name = "token", required = false) String token) {
        UnsubscribeTokens.Subject subject = subject(token);
        boolean already = suppressions.find(subject.reference()).isPresent();
        String escaped = HtmlUtils.htmlEscape(token);
        String body = already
                ? "<p>You are unsubscribed. 您已退订。</p>"
                : "<form method=\"post\" action=\"/api/email/unsubscribe?token=" + escaped + "\">"
                        + "<p>Stop receiving these emails? 不再接收此类邮件？</p>"
                        + "<button type=\"submit\">Unsubscribe 退订</button></form>";
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body("<!doctype html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>"
                        + body + "</body></html>");
    }

    @PostMapping(path = "/api/email/unsubscribe")
    @Operation(summary = "Unsubscribe the address of the token (one-click, idempotent)")
    Unsubscribed unsubscribe(@RequestParam(name = "token", required = false) String token) {
        UnsubscribeTokens.Subject subject = subject(token);
        suppressions.suppress(subject.reference(), Suppressions.UNSUBSCRIBED, clock.instant(), subject.emailId());
        Suppression now = suppressions.find(subject.reference()).orElseThrow();
        return new Unsubscribed(true, now.reason(), now.since());
    }

    private UnsubscribeTokens.Subject subject(String token) {
        return tokens.verify(token)
                .orElseThrow(() -> new InvalidInputException("token", "is not a valid unsubscribe token"));
    }
}
