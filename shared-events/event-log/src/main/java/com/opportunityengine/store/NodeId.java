package com.opportunityengine.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;

/**
 * This process's name among the nodes that share one store: the owner of the tracking tokens it claims, the key of
 * its heartbeat, a label of its metrics. {@code engine.node-id}, else {@code <host>:<server.port>}, else (a random
 * port) {@code <host>:pid<pid>}. Two live nodes must not share a name: they would take each other's claims for their
 * own.
 */
public record NodeId(String value) {

    public static final String PROPERTY = "engine.node-id";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}");

    public NodeId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(PROPERTY + " is '" + value
                    + "'; it takes 1 to 100 of [A-Za-z0-9._:@-], starting with a letter or digit");
        }
    }

    /** The node id configured in {@code environment}, or the default described above. */
    public static NodeId of(Environment environment) {
        String configured = environment.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return new NodeId(configured.trim());
        }
        String port = environment.getProperty("server.port", "8080");
        String host = hostName();
        return new NodeId(
                port.equals("0") ? host + ":pid" + ProcessHandle.current().pid() : host + ":" + port);
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return VALID.matcher(name).matches() ? name : "localhost";
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
