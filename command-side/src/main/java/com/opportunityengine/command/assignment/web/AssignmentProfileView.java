package com.opportunityengine.command.assignment.web;

import com.opportunityengine.platform.assignment.Absence;
import com.opportunityengine.platform.assignment.AssignmentProfile;
import java.util.List;

/** What assignment knows of a user, as the API shows it. */
record AssignmentProfileView(String userId, String teamId, Integer maxOpen, boolean active, List<Absence> absences) {

    static AssignmentProfileView of(AssignmentProfile profile) {
        return new AssignmentProfileView(
                profile.userId(), profile.teamId(), profile.maxOpen(), profile.active(), profile.absences());
    }
}
