package com.opportunityengine.security;

/** What a user may do; see docs/security.md for the matrix. A user may hold several roles: they add up. */
public enum Role {
    ADMIN,
    SALES_REP,
    SALES_MANAGER,
    ANALYST,
    AUDITOR,
    SERVICE;

    /** The Spring Security authority of this role ({@code ROLE_<name>}). */
    public String authority() {
        return "ROLE_" + name();
    }
}
