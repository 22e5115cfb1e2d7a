package com.opportunityengine.command.common;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Checks {@code If-Match} after the access check, not before it.
 *
 * <p>Axon compares a command's {@code @TargetAggregateVersion} with the aggregate's version while it loads the
 * aggregate, before any handler or interceptor of the aggregate runs. A rep who names an opportunity of another team
 * with a wrong version would then get 412 where an unknown id gets 404, and learn that it exists; and Axon lets a
 * version the aggregate has not reached yet pass. This resolver gives Axon the target without its version, and each
 * aggregate's interceptor calls {@link #check} once the actor may see it (opportunities and deals) or at once
 * (customers): any version but the current one is refused. Its failure is the same {@link ConflictingAggregateVersionException} Axon throws, so
 * the retry of an {@code If-Match} newer than a node's cache and the 412 answer are unchanged.
 */
public final class AccessBeforeVersion implements CommandTargetResolver {

    /** The name of the Spring bean the aggregates' {@code @Aggregate} names (made in {@code command.config}). */
    public static final String BEAN = "versionAfterAccess";

    private static final CommandTargetResolver ANNOTATIONS =
            AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        return new VersionedAggregateIdentifier(
                ANNOTATIONS.resolveTarget(command).getIdentifierValue(), null);
    }

    /** Refuses the command when it names a version and the aggregate is at another one. */
    public static void check(CommandMessage<?> command, Object aggregateId, Long actualVersion) {
        Long expected = ANNOTATIONS.resolveTarget(command).getVersion();
        if (expected != null && actualVersion != null && !expected.equals(actualVersion)) {
            throw new ConflictingAggregateVersionException(String.valueOf(aggregateId), expected, actualVersion);
        }
    }
}
