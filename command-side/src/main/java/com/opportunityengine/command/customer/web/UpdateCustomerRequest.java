package com.opportunityengine.command.customer.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code PATCH /api/customers/{id}}: absent fields stay as they are. */
record UpdateCustomerRequest(
        @Size(max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        String name,

        @Size(max = 200) String company,
        @Size(max = 200) String industry,
        @Size(max = 200) String region,
        @Size(max = 200) String size,
        @Email @Size(max = 254) String email,
        @Size(max = 50) String phone,
        Instant occurredAt) {}
