package com.opportunityengine.platform.assignment;

import com.opportunityengine.security.Role;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What assignment knows of a user: their name, roles and team, their capacity ({@code maxOpen}, null for no
 * limit), whether their account is active, and their absences.
 */
public record AssignmentProfile(
        String userId,
        String displayName,
        Set<Role> roles,
        String teamId,
        Integer maxOpen,
        boolean active,
        List<Absence> absences) {

    public AssignmentProfile {
        roles = Set.copyOf(roles);
        absences = List.copyOf(absences);
    }

    /** Holds a role that owns opportunities (SALES_REP or SALES_MANAGER). */
    public boolean sells() {
        return roles.contains(Role.SALES_REP) || roles.contains(Role.SALES_MANAGER);
    }

    public boolean absentAt(Instant at) {
        return absences.stream().anyMatch(absence -> absence.covers(at));
    }

    public boolean atCapacity(long open) {
        return maxOpen != null && open >= maxOpen;
    }
}
