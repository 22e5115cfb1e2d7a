package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded store's door: SCRAM-SHA-256 (RFC 5802, RFC 7677) on the server side, the way MongoDB does it, for its one
 * user {@value StoreKey#USER} in the {@code admin} database. A connection that has not authenticated may only shake
 * hands ({@link #HANDSHAKE}); anything else is answered with MongoDB's {@code Unauthorized} (code 13). {@code saslStart}
 * takes the client-first message and answers the server-first, {@code saslContinue} takes the client-final, checks its
 * proof and answers the server-final (code 18 {@code AuthenticationFailed} for a wrong proof); the connection is then
 * marked authenticated by a netty channel attribute, for as long as it stays open.
 * <p>
 * Only what SCRAM needs is kept: the salt, the iteration count, StoredKey and ServerKey; not the password.
 */
final class StoreAuthentication {

    static final String MECHANISM = "SCRAM-SHA-256";

    /** MongoDB's default for SCRAM-SHA-256 (the driver refuses fewer than 4096). */
    static final int ITERATIONS = 15000;

    /** The commands an unauthenticated connection may send, lower case (the server matches commands so). */
    static final Set<String> HANDSHAKE =
            Set.of("hello", "ismaster", "buildinfo", "ping", "saslstart", "saslcontinue", "getnonce", "endsessions");

    static final int UNAUTHORIZED = 13;
    static final int AUTHENTICATION_FAILED = 18;
    static final int MECHANISM_UNAVAILABLE = 334;

    private static final String ADMIN_DATABASE = "admin";
    private static final int SALT_BYTES = 28;
    private static final int NONCE_BYTES = 24;
    private static final int CONVERSATION_ID = 1;

    private static final AttributeKey<String> AUTHENTICATED = AttributeKey.valueOf("engine.store.authenticatedUser");
    private static final AttributeKey<Conversation> CONVERSATION = AttributeKey.valueOf("engine.store.scram");

    private final SecureRandom random = new SecureRandom();
    private final String user;
    private final byte[] salt;
    private final int iterations;
    private final byte[] storedKey;
    private final byte[] serverKey;

    private StoreAuthentication(String user, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
        this.user = user;
        this.salt = salt;
        this.iterations = iterations;
        this.storedKey = storedKey;
        this.serverKey = serverKey;
    }

    /** The SCRAM verifier of {@code user} with {@code password}, on a new random salt. */
    static StoreAuthentication forUser(String user, String password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        byte[] saltedPassword = hi(password, salt, ITERATIONS);
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        return new StoreAuthentication(user, salt, ITERATIONS, sha256(clientKey), hmac(saltedPassword, "Server Key"));
    }

    /**
     * The answer to {@code command} when this class answers it (the SASL conversation, or a refusal of an
     * unauthenticated connection), else {@code null}: the backend answers it.
     */
    Document intercept(Channel channel, String database, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("saslstart")) {
            return start(channel, database, query);
        }
        if (name.equals("saslcontinue")) {
            return proceed(channel, query);
        }
        if (!authenticated(channel) && !HANDSHAKE.contains(name)) {
            return error(UNAUTHORIZED, "Unauthorized", "command " + command + " requires authentication");
        }
        return null;
    }

    /**
     * The first step of the conversation taken inside the handshake, as MongoDB 4.4+ does: {@code hello}/{@code isMaster}
     * carrying {@code speculativeAuthenticate: {saslStart: 1, mechanism, payload, db}} answers the server-first message
     * under the same name, and the client goes on with {@code saslContinue}, one round trip fewer. {@code null} when
     * the speculative step does not start (the client then authenticates in full, and is refused there).
     */
    Document speculativeStart(Channel channel, Document speculative) {
        if (!speculative.containsKey("saslStart") || !(speculative.get("db") instanceof String database)) {
            return null;
        }
        Document started = start(channel, database, speculative);
        if (!Double.valueOf(1.0).equals(started.get("ok"))) {
            return null;
        }
        started.remove("ok");
        return started;
    }

    boolean authenticated(Channel channel) {
        return channel.hasAttr(AUTHENTICATED) && channel.attr(AUTHENTICATED).get() != null;
    }

    /** What {@code hello} and {@code isMaster} add when asked {@code saslSupportedMechs: "admin.engine"}. */
    static List<String> supportedMechanisms() {
        return List.of(MECHANISM);
    }

    private Document start(Channel channel, String database, Document query) {
        channel.attr(CONVERSATION).set(null);
        if (!MECHANISM.equals(query.get("mechanism"))) {
            return error(
                    MECHANISM_UNAVAILABLE,
                    "MechanismUnavailable",
                    "Received authentication for mechanism " + query.get("mechanism")
                            + " which is not enabled; this store offers " + MECHANISM);
        }
        String clientFirst = payload(query);
        if (!ADMIN_DATABASE.equals(database) || clientFirst == null) {
            return authenticationFailed();
        }
        // gs2 header: no channel binding ("n" or "y"), no authorization identity
        if (!clientFirst.startsWith("n,,") && !clientFirst.startsWith("y,,")) {
            return authenticationFailed();
        }
        String gs2Header = clientFirst.substring(0, 3);
        String clientFirstBare = clientFirst.substring(3);
        String[] attributes = clientFirstBare.split(",", -1);
        if (attributes.length != 2
                || !attributes[0].startsWith("n=")
                || !attributes[1].startsWith("r=")
                || attributes[1].length() <= 2) {
            return authenticationFailed();
        }
        String requestedUser = attributes[0].substring(2).replace("=2C", ",").replace("=3D", "=");
        if (!MessageDigest.isEqual(
                requestedUser.getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8))) {
            return authenticationFailed();
        }
        byte[] serverNonce = new byte[NONCE_BYTES];
        random.nextBytes(serverNonce);
        String nonce = attributes[1].substring(2) + Base64.getEncoder().encodeToString(serverNonce);
        String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        boolean skipEmptyExchange = query.get("options") instanceof Document options
                && Boolean.TRUE.equals(options.get("skipEmptyExchange"));
        channel.attr(CONVERSATION)
                .set(new Conversation(gs2Header, clientFirstBare, serverFirst, nonce, skipEmptyExchange));
        return answer(false, serverFirst);
    }

    private Document proceed(Channel channel, Document query) {
        Conversation conversation = channel.attr(CONVERSATION).get();
        if (conversation == null
                || !(query.get("conversationId") instanceof Number id)
                || id.intValue() != CONVERSATION_ID) {
            channel.attr(CONVERSATION).set(null);
            return error(AUTHENTICATION_FAILED, "AuthenticationFailed", "No SASL session state found");
        }
        String message = payload(query);
        if (conversation.verified) {
            // the client's empty last step, when it did not ask to skip it
            channel.attr(CONVERSATION).set(null);
            return message != null && message.isEmpty() ? answer(true, "") : authenticationFailed();
        }
        channel.attr(CONVERSATION).set(null);
        if (message == null) {
            return authenticationFailed();
        }
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            return authenticationFailed();
        }
        String withoutProof = message.substring(0, proofAt);
        String expected =
                "c=" + Base64.getEncoder().encodeToString(conversation.gs2Header.getBytes(StandardCharsets.UTF_8))
                        + ",r=" + conversation.nonce;
        if (!withoutProof.equals(expected)) {
            return authenticationFailed();
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException notBase64) {
            return authenticationFailed();
        }
        String authMessage = conversation.clientFirstBare + "," + conversation.serverFirst + "," + withoutProof;
        byte[] clientSignature = hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            return authenticationFailed();
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(sha256(clientKey), storedKey)) {
            return authenticationFailed();
        }
        channel.attr(AUTHENTICATED).set(user);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
        if (!conversation.skipEmptyExchange) {
            conversation.verified = true;
            channel.attr(CONVERSATION).set(conversation);
        }
        return answer(conversation.skipEmptyExchange, serverFinal);
    }

    private static String payload(Document query) {
        Object payload = query.get("payload");
        byte[] bytes;
        if (payload instanceof BinData binary) {
            bytes = binary.getData();
        } else if (payload instanceof byte[] raw) {
            bytes = raw;
        } else {
            return null;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Document answer(boolean done, String payload) {
        Document answer = new Document("conversationId", CONVERSATION_ID);
        answer.put("done", done);
        answer.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
        answer.put("ok", 1.0);
        return answer;
    }

    private static Document authenticationFailed() {
        return error(AUTHENTICATION_FAILED, "AuthenticationFailed", "Authentication failed.");
    }

    /** MongoDB's error answer; returned, not thrown, so that mongo-java-server does not log the command. */
    static Document error(int code, String codeName, String message) {
        Document error = new Document("ok", 0.0);
        error.put("errmsg", message);
        error.put("code", code);
        error.put("codeName", codeName);
        return error;
    }

    /** Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256. */
    static byte[] hi(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(spec)
                        .getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** One connection's SCRAM conversation between its steps. */
    private static final class Conversation {
        final String gs2Header;
        final String clientFirstBare;
        final String serverFirst;
        final String nonce;
        final boolean skipEmptyExchange;
        boolean verified;

        Conversation(
                String gs2Header, String clientFirstBare, String serverFirst, String nonce, boolean skipEmptyExchange) {
            this.gs2Header = gs2Header;
            this.clientFirstBare = clientFirstBare;
            this.serverFirst = serverFirst;
            this.nonce = nonce;
            this.skipEmptyExchange = skipEmptyExchange;
        }
    }
}
