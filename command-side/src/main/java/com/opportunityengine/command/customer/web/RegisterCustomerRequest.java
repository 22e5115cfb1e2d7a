package com.opportunityengine.command.customer.web;

import com.opportunityengine.events.customer.CustomerId;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/customers}; a missing {@code customerId} is made up by the engine. */
record RegisterCustomerRequest(
        CustomerId customerId,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 200) String company,
        @Size(max = 200) String industry,
        @Size(max = 200) String region,
        @Size(max = 200) String size,
        @Email @Size(max = 254) String email,
        @Size(max = 50) String phone,
        Instant occurredAt) {}
