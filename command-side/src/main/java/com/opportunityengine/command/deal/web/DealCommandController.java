package com.opportunityengine.command.deal.web;

import com.opportunityengine.command.web.CommandResponses;
import com.opportunityengine.command.web.CommandSender;
import com.opportunityengine.command.web.IfMatch;
import com.opportunityengine.command.web.VersionResponse;
import com.opportunityengine.events.deal.CloseDeal;
import com.opportunityengine.events.deal.DealId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Closes deals made by converting opportunities. */
@RestController
@RequestMapping("/api/deals")
@Tag(name = "Deals (commands)")
class DealCommandController {

    private final CommandSender commands;

    DealCommandController(CommandSender commands) {
        this.commands = commands;
    }

    @PostMapping(path = "/{id}/close", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Close a deal as booked or lost")
    @ApiResponse(responseCode = "200", description = "Closed; the deal's version in the body and as ETag")
    @ApiResponse(responseCode = "400", description = "Malformed or invalid input (problem+json, field errors named)")
    @ApiResponse(responseCode = "404", description = "No such deal")
    @ApiResponse(responseCode = "409", description = "The deal is already closed, or a concurrent change")
    @ApiResponse(responseCode = "412", description = "If-Match names another version")
    @ApiResponse(responseCode = "413", description = "The body is larger than the limit")
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used for a different request")
    ResponseEntity<VersionResponse> close(
            @Parameter(description = "The deal's id", schema = @Schema(type = "string", format = "uuid"))
                    @PathVariable("id")
                    DealId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody CloseDealRequest request) {
        long version = commands.sendForVersion(new CloseDeal(
                id,
                request.outcome(),
                request.actualAmount(),
                request.reason(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch)));
        return CommandResponses.ok(version, new VersionResponse(version));
    }
}
