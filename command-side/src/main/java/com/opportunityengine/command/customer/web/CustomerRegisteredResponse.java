package com.opportunityengine.command.customer.web;

import com.opportunityengine.events.customer.CustomerId;

/** The answer of {@code POST /api/customers}. */
record CustomerRegisteredResponse(CustomerId customerId) {}
