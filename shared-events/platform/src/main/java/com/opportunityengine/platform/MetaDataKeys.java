package com.opportunityengine.platform;

/**
 * The keys of the metadata a command carries and its events keep (the audit log shows them). Written here once:
 * what the command side writes, the audit reads and the tools send are the same strings.
 */
public final class MetaDataKeys {

    /** The acting user's id; copied onto every event of the command. */
    public static final String ACTOR = "actor";
    /** The actor's roles, comma separated (the command only; the command side reads it into its {@code Actor}). */
    public static final String ACTOR_ROLES = "actorRoles";
    /** For a sales manager, the ids of the users of their team, comma separated (the command only). */
    public static final String ACTOR_TEAM_USERS = "actorTeamUsers";
    /** The request's {@code X-Correlation-Id} (or a new one); copied onto every event. */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that caused this one. */
    public static final String CAUSATION_ID = "causationId";
    /** The request's {@code Idempotency-Key}, when it had one; copied onto every event. */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** The address the request came from; copied onto every event. */
    public static final String CLIENT_ADDRESS = "clientAddress";
    /** The import a command was sent by. */
    public static final String IMPORT_ID = "importId";

    private MetaDataKeys() {}
}
