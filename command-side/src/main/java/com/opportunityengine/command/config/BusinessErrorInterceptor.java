package com.opportunityengine.command.config;

import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Rethrows a broken business rule as a {@link CommandExecutionException} whose details are the
 * {@link BusinessError} (code and message), so the code survives any command bus, local or
 * distributed (AxonIQ code-samples "distributed-exceptions"). The unit of work still rolls back.
 */
class BusinessErrorInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (BusinessRuleException e) {
            throw new CommandExecutionException(e.getMessage(), e, BusinessError.of(e));
        }
    }
}
