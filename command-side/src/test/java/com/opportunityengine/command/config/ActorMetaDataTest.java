package com.opportunityengine.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.security.Role;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/** The actor's wire format in a command's metadata, and the resolver that hands it to command handlers. */
class ActorMetaDataTest {

    @Test
    void writesPlainStringsUnderTheSharedKeys() {
        Actor manager =
                Actor.user("wang.boss", Set.of(Role.SALES_REP, Role.SALES_MANAGER), Set.of("li.wei", "chen.jie"));

        assertThat(ActorMetaData.of(manager))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "actor",
                        "wang.boss",
                        "actorRoles",
                        "SALES_MANAGER,SALES_REP",
                        "actorTeamUsers",
                        "chen.jie,li.wei"));
        assertThat(ActorMetaData.from(ActorMetaData.of(manager))).isEqualTo(manager);
    }

    @Test
    void aCommandWithoutRolesIsTheEngines() {
        assertThat(ActorMetaData.from(Map.of())).isSameAs(Actor.ENGINE);
        assertThat(ActorMetaData.from(Map.of("actor", "admin"))).isEqualTo(Actor.ENGINE);
        assertThat(Actor.ENGINE.isEngine()).isTrue();
        assertThat(ActorMetaData.of(Actor.ENGINE)).isEmpty();
        assertThat(Actor.user("admin", Set.of(Role.ADMIN), Set.of()).isEngine()).isFalse();
    }

    @Test
    void readsListsAsWellAsJoinedText() {
        Actor actor = ActorMetaData.from(
                Map.of("actor", "a", "actorRoles", java.util.List.of("SALES_REP"), "actorTeamUsers", " b , ,c"));

        assertThat(actor).isEqualTo(Actor.user("a", Set.of(Role.SALES_REP), Set.of("b", "c")));
    }

    @Test
    void refusesARoleThatDoesNotExist() {
        assertThatThrownBy(() -> ActorMetaData.from(Map.of("actor", "a", "actorRoles", "KING")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResolverTakesTheActorFromCommandsOnly() throws NoSuchMethodException {
        var method = Handlers.class.getDeclaredMethod("handle", String.class, Actor.class);
        var resolver = new ActorParameterResolverFactory().createInstance(method, method.getParameters(), 1);
        var command = GenericCommandMessage.asCommandMessage("x")
                .andMetaData(MetaData.from(ActorMetaData.of(Actor.user("li.wei", Set.of(Role.SALES_REP), Set.of()))));

        assertThat(resolver).isNotNull();
        assertThat(resolver.matches(command)).isTrue();
        assertThat(resolver.resolveParameterValue(command))
                .isEqualTo(Actor.user("li.wei", Set.of(Role.SALES_REP), Set.of()));
        assertThat(resolver.matches(GenericEventMessage.asEventMessage("x"))).isFalse();
        assertThat(new ActorParameterResolverFactory().createInstance(method, method.getParameters(), 0))
                .as("the payload parameter")
                .isNull();
    }

    static class Handlers {
        void handle(String payload, Actor actor) {}
    }
}
