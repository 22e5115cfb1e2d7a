package com.opportunityengine.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class BusinessErrorInterceptorTest {

    private final BusinessErrorInterceptor interceptor = new BusinessErrorInterceptor();
    private final DefaultUnitOfWork<?> unitOfWork =
            DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("x"));

    @Test
    void carriesTheBrokenRulesCodeInTheDetails() {
        BusinessRuleException broken = new BusinessRuleException(ErrorCode.OPPORTUNITY_CLOSED, "it is lost");

        assertThatThrownBy(() -> interceptor.handle(cast(unitOfWork), () -> {
                    throw broken;
                }))
                .isInstanceOf(CommandExecutionException.class)
                .hasMessage("it is lost")
                .hasCause(broken)
                .satisfies(e -> assertThat(((CommandExecutionException) e).getDetails())
                        .contains(new BusinessError(ErrorCode.OPPORTUNITY_CLOSED, "it is lost")));
        unitOfWork.rollback();
    }

    @Test
    void letsResultsAndOtherExceptionsThrough() throws Exception {
        assertThat(interceptor.handle(cast(unitOfWork), () -> 7L)).isEqualTo(7L);
        assertThatThrownBy(() -> interceptor.handle(cast(unitOfWork), () -> {
                    throw new IllegalStateException("bug");
                }))
                .isExactlyInstanceOf(IllegalStateException.class);
        unitOfWork.rollback();
    }

    @SuppressWarnings("unchecked")
    private static DefaultUnitOfWork<org.axonframework.commandhandling.CommandMessage<?>> cast(DefaultUnitOfWork<?> u) {
        return (DefaultUnitOfWork<org.axonframework.commandhandling.CommandMessage<?>>) u;
    }
}
