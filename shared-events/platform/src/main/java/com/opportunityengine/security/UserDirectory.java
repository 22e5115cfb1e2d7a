package com.opportunityengine.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The users, in the store's {@code users} collection ({@code _id} = user id, {@code displayName},
 * {@code roles}, {@code teamId}, {@code createdAt}). Read straight from the store on every call,
 * never cached, so that what it answers is what is stored. {@link ApiKeys} remembers the user of a key
 * while the {@link SecurityEpoch} is unchanged: a write that changes a user's roles, team or existence
 * must bump the epoch after it (creating a user needs not: no key names a user before it exists).
 */
@Component
public class UserDirectory {

    static final String COLLECTION = "users";

    private final MongoCollection<Document> users;

    public UserDirectory(MongoDatabase database) {
        this.users = database.getCollection(COLLECTION);
        users.createIndex(Indexes.ascending("teamId"));
    }

    public Optional<User> find(String userId) {
        return Optional.ofNullable(users.find(Filters.eq("_id", userId)).first())
                .map(UserDirectory::toUser);
    }

    public List<User> all() {
        List<User> all = new ArrayList<>();
        users.find().sort(Sorts.ascending("_id")).forEach(document -> all.add(toUser(document)));
        return all;
    }

    public boolean isEmpty() {
        return users.countDocuments() == 0;
    }

    /** The ids of the users whose team is {@code teamId} (none for a null team). */
    public Set<String> teamUsers(String teamId) {
        Set<String> ids = new LinkedHashSet<>();
        if (teamId != null) {
            users.find(Filters.eq("teamId", teamId))
                    .projection(Projections.include("_id"))
                    .forEach(document -> ids.add(document.getString("_id")));
        }
        return ids;
    }

    /** Stores a new user durably; false when a user with this id exists already. */
    public boolean create(User user) {
        Document document = new Document("_id", user.userId())
                .append("displayName", user.displayName())
                .append("roles", user.roles().stream().map(Role::name).sorted().toList())
                .append("teamId", user.teamId())
                .append("createdAt", Date.from(user.createdAt()));
        try {
            users.insertOne(document);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        return true;
    }

    private static User toUser(Document document) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : document.getList("roles", String.class, List.of())) {
            roles.add(Role.valueOf(name));
        }
        Date createdAt = document.getDate("createdAt");
        return new User(
                document.getString("_id"),
                document.getString("displayName"),
                roles,
                document.getString("teamId"),
                createdAt == null ? null : createdAt.toInstant());
    }
}
