package com.opportunityengine.testing;

import com.opportunityengine.events.opportunity.OpportunityEvent;

/** An opportunity event with its aggregate sequence number, as the log delivers it. */
public record Sequenced(OpportunityEvent event, long sequence) {}
