package com.opportunityengine.events.opportunity;

/** Who started a contact: the customer (inbound) or the team (outbound). */
public enum ContactDirection {
    INBOUND,
    OUTBOUND
}
