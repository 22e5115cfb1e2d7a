package com.opportunityengine.command.customer.web;

import com.opportunityengine.command.web.CommandResponses;
import com.opportunityengine.command.web.CommandSender;
import com.opportunityengine.command.web.IfMatch;
import com.opportunityengine.command.web.VersionResponse;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.customer.UpdateCustomer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registers customers and changes their details. */
@RestController
@RequestMapping("/api/customers")
@Tag(name = "Customers (commands)")
@ApiResponse(responseCode = "400", description = "Malformed or invalid input (problem+json, field errors named)")
@ApiResponse(responseCode = "409", description = "The id already exists, or a concurrent change")
@ApiResponse(responseCode = "413", description = "The body is larger than the limit")
@ApiResponse(responseCode = "422", description = "The Idempotency-Key was used for a different request")
class CustomerCommandController {

    private final CommandSender commands;

    CustomerCommandController(CommandSender commands) {
        this.commands = commands;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a customer")
    @ApiResponse(responseCode = "201", description = "Registered; Location names the customer")
    ResponseEntity<CustomerRegisteredResponse> register(@Valid @RequestBody RegisterCustomerRequest request) {
        CustomerId id = request.customerId() != null ? request.customerId() : CustomerId.random();
        commands.send(new RegisterCustomer(
                id,
                request.name(),
                request.company(),
                request.industry(),
                request.region(),
                request.size(),
                request.email(),
                request.phone(),
                request.occurredAt()));
        return CommandResponses.created(
                CommandResponses.location("/api/customers/{id}", id), 0L, new CustomerRegisteredResponse(id));
    }

    @PatchMapping(
            path = "/{id}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change a customer's details (absent fields stay)")
    @ApiResponse(responseCode = "200", description = "Changed; the customer's version in the body and as ETag")
    @ApiResponse(responseCode = "404", description = "No such customer")
    @ApiResponse(responseCode = "412", description = "If-Match names another version")
    ResponseEntity<VersionResponse> update(
            @Parameter(schema = @Schema(type = "string", format = "uuid")) @PathVariable("id") CustomerId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody UpdateCustomerRequest request) {
        long version = commands.sendForVersion(new UpdateCustomer(
                id,
                request.name(),
                request.company(),
                request.industry(),
                request.region(),
                request.size(),
                request.email(),
                request.phone(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch)));
        return CommandResponses.ok(version, new VersionResponse(version));
    }
}
