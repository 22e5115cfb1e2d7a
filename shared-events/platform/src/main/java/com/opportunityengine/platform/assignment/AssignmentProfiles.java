package com.opportunityengine.platform.assignment;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.opportunityengine.security.Role;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The assignment side of the users in the {@code users} collection: {@code maxOpen} (absent: no limit),
 * {@code active} (absent: true) and {@code absences} ([{from, to}]) on the same documents as
 * {@code UserDirectory}'s fields. Read straight from the store on every call, never cached.
 */
@Component
public class AssignmentProfiles {

    private final MongoCollection<Document> users;

    public AssignmentProfiles(MongoDatabase database) {
        this.users = database.getCollection("users");
    }

    public Optional<AssignmentProfile> find(String userId) {
        return Optional.ofNullable(users.find(Filters.eq("_id", userId)).first())
                .map(AssignmentProfiles::toProfile);
    }

    /** The users of a team, by user id. */
    public List<AssignmentProfile> team(String teamId) {
        List<AssignmentProfile> team = new ArrayList<>();
        users.find(Filters.eq("teamId", teamId))
                .sort(Sorts.ascending("_id"))
                .forEach(document -> team.add(toProfile(document)));
        return team;
    }

    public boolean teamExists(String teamId) {
        return users.find(Filters.eq("teamId", teamId)).first() != null;
    }

    /** Sets capacity and activity; false when there is no such user. */
    public boolean setCapacity(String userId, Integer maxOpen, boolean active) {
        Bson capacity = maxOpen == null ? Updates.unset("maxOpen") : Updates.set("maxOpen", maxOpen);
        return users.updateOne(Filters.eq("_id", userId), Updates.combine(capacity, Updates.set("active", active)))
                        .getMatchedCount()
                == 1;
    }

    /** Replaces the user's absences; false when there is no such user. */
    public boolean setAbsences(String userId, List<Absence> absences) {
        List<Document> documents = absences.stream()
                .map(absence -> new Document("from", Date.from(absence.from())).append("to", Date.from(absence.to())))
                .toList();
        return users.updateOne(Filters.eq("_id", userId), Updates.set("absences", documents))
                        .getMatchedCount()
                == 1;
    }

    private static AssignmentProfile toProfile(Document document) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : document.getList("roles", String.class, List.of())) {
            roles.add(Role.valueOf(name));
        }
        List<Absence> absences = new ArrayList<>();
        for (Document absence : document.getList("absences", Document.class, List.of())) {
            absences.add(new Absence(
                    absence.getDate("from").toInstant(), absence.getDate("to").toInstant()));
        }
        return new AssignmentProfile(
                document.getString("_id"),
                document.getString("displayName"),
                roles,
                document.getString("teamId"),
                document.getInteger("maxOpen"),
                document.getBoolean("active", true),
                absences);
    }
}
