package com.opportunityengine.command.config;

import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.OpportunityId;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Rethrows a broken business rule as a {@link CommandExecutionException} whose details are the
 * {@link BusinessError} (code and message), so the code survives any command bus, local or
 * distributed (AxonIQ code-samples "distributed-exceptions"). The unit of work still rolls back.
 * <p>
 * A command whose target does not exist (Axon's {@link AggregateNotFoundException} while loading it)
 * becomes the same rule the access checks break for a target the actor may not see
 * ({@code OPPORTUNITY_NOT_FOUND}, {@code DEAL_NOT_FOUND}, {@code CUSTOMER_NOT_FOUND}, chosen by the type of
 * the command's {@link TargetAggregateIdentifier}), so that the two answer exactly alike over any bus.
 */
public class BusinessErrorInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Map<Class<?>, ErrorCode> NOT_FOUND = Map.of(
            OpportunityId.class, ErrorCode.OPPORTUNITY_NOT_FOUND,
            DealId.class, ErrorCode.DEAL_NOT_FOUND,
            CustomerId.class, ErrorCode.CUSTOMER_NOT_FOUND);
    /** Per command type, the code for its missing target (empty when its target's type has none). */
    private static final ClassValue<Optional<ErrorCode>> TARGET_NOT_FOUND = new ClassValue<>() {
        @Override
        protected Optional<ErrorCode> computeValue(Class<?> command) {
            for (Field field : command.getDeclaredFields()) {
                if (field.isAnnotationPresent(TargetAggregateIdentifier.class)) {
                    return Optional.ofNullable(NOT_FOUND.get(field.getType()));
                }
            }
            return Optional.empty();
        }
    };

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (BusinessRuleException e) {
            throw new CommandExecutionException(e.getMessage(), e, BusinessError.of(e));
        } catch (AggregateNotFoundException e) {
            Optional<ErrorCode> code =
                    TARGET_NOT_FOUND.get(unitOfWork.getMessage().getPayloadType());
            if (code.isEmpty()) {
                throw e;
            }
            BusinessRuleException missing = BusinessRuleException.notFound(code.get(), e.getAggregateIdentifier());
            missing.initCause(e);
            throw new CommandExecutionException(missing.getMessage(), missing, BusinessError.of(missing));
        }
    }
}
