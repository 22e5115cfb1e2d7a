package com.opportunityengine.engine;

import java.util.Locale;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;

/**
 * Leaves out of the component scan the side that this node's {@code engine.role} does not run: {@code command} runs
 * the aggregates and the command API without projections; {@code query} runs the projections and the query API
 * without command handlers; {@code all} (the default) runs both. The shared packages (store, security, pipelines,
 * platform) are always in. Spring hands a scan filter the environment before it is used.
 */
final class RoleFilter implements TypeFilter, EnvironmentAware {

    static final String PROPERTY = "engine.role";

    private static final String COMMAND_SIDE = "com.opportunityengine.command.";
    private static final String QUERY_SIDE = "com.opportunityengine.query.";

    private String role = "all";

    @Override
    public void setEnvironment(Environment environment) {
        role = roleOf(environment);
    }

    /** The role named by {@code engine.role}, lower-cased; an unknown one stops the start with a clear message. */
    static String roleOf(Environment environment) {
        String value = environment.getProperty(PROPERTY, "all").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("all") && !value.equals("command") && !value.equals("query")) {
            throw new IllegalArgumentException(PROPERTY + " is '" + value + "'; it takes all, command or query");
        }
        return value;
    }

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        String type = reader.getClassMetadata().getClassName();
        return switch (role) {
            case "command" -> type.startsWith(QUERY_SIDE);
            case "query" -> type.startsWith(COMMAND_SIDE);
            default -> false;
        };
    }
}
