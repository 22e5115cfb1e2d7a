package com.opportunityengine.command.config;

import com.opportunityengine.command.access.Actor;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

/**
 * Lets command handlers and command handler interceptors take the {@link Actor} as a parameter, read from
 * the command's metadata ({@link ActorMetaData}), so that no aggregate reads or splits metadata itself.
 * A Spring bean ({@link AggregateConfig}): Axon's Spring configuration uses every
 * {@link ParameterResolverFactory} bean; an aggregate test fixture registers one itself.
 */
public final class ActorParameterResolverFactory implements ParameterResolverFactory {

    private static final ParameterResolver<Actor> RESOLVER = new ParameterResolver<>() {
        @Override
        public Actor resolveParameterValue(Message<?> message) {
            return ActorMetaData.from(message.getMetaData());
        }

        @Override
        public boolean matches(Message<?> message) {
            return message instanceof CommandMessage;
        }
    };

    @Override
    public ParameterResolver<Actor> createInstance(Executable executable, Parameter[] parameters, int parameterIndex) {
        return parameterIndex > 0 && parameters[parameterIndex].getType() == Actor.class ? RESOLVER : null;
    }
}
