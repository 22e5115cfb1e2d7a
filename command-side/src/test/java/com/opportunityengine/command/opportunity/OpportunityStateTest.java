package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.opportunity.OpportunityHistory.OWNER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.anOpenOpportunity;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TeamMemberRemoved;
import com.opportunityengine.events.pipeline.StageCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class OpportunityStateTest {

    private static final UserId MEMBER = UserId.of("wang.fang");

    /** A history holding every kind of opportunity event at least once. */
    private static List<OpportunityEvent> everyKindOfEvent() {
        OpportunityHistory history = anOpenOpportunity()
                .withContact(ContactId.random())
                .withCompletedTask(TaskId.random())
                .inStage("negotiation")
                .withTeamMember(MEMBER)
                .withDocument(DocumentId.random())
                .withForecast(60, ForecastCategory.BEST_CASE)
                .withForecast(null, ForecastCategory.COMMIT)
                .lost();
        List<OpportunityEvent> events = new ArrayList<>(history.events());
        var at = history.lastOccurredAt();
        events.add(new OpportunityReopened(history.id, "back", StageCode.of("negotiation"), 4, at));
        events.add(new OpportunityDetailsUpdated(history.id, "new", null, null, null, null, null, at));
        events.add(new OwnerAssigned(history.id, OWNER, MEMBER, null, at));
        events.add(new TeamMemberRemoved(history.id, MEMBER, at));
        OpportunityState state = OpportunityState.fold(events);
        events.add(new com.opportunityengine.events.opportunity.OpportunityConverted(
                history.id,
                com.opportunityengine.events.deal.DealId.random(),
                null,
                null,
                state.stage(),
                state.stageOrder(),
                state.contactIds(),
                state.documentIds(),
                at));
        return events;
    }

    @Test
    void foldsEveryKindOfOpportunityEvent() {
        List<OpportunityEvent> events = everyKindOfEvent();
        Set<Class<?>> folded = events.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(folded).containsExactlyInAnyOrder(OpportunityEvent.class.getPermittedSubclasses());

        OpportunityState state = OpportunityState.fold(events);

        assertThat(state.status()).isEqualTo(OpportunityStatus.WON);
        assertThat(state.title()).isEqualTo("new");
        assertThat(state.ownerId()).isEqualTo(MEMBER);
        assertThat(state.team()).isEmpty();
        assertThat(state.highestStageOrder()).isEqualTo(4);
        assertThat(state.contactIds()).hasSize(1);
        assertThat(state.tasks()).singleElement().matches(FollowUpTask::completed);
        assertThat(state.forecastProbability()).isEqualTo(60);
        assertThat(state.forecastCategory()).isEqualTo(ForecastCategory.COMMIT);
    }

    @Test
    void aPrefixOfTheStreamGivesTheStateAsItWasThen() {
        OpportunityHistory history =
                anOpenOpportunity().inStage("solution-discussion").lost();
        List<OpportunityEvent> events = history.events();

        OpportunityState beforeTheLoss = OpportunityState.fold(events.subList(0, 2));

        assertThat(beforeTheLoss.status()).isEqualTo(OpportunityStatus.OPEN);
        assertThat(beforeTheLoss.stage()).isEqualTo(StageCode.of("solution-discussion"));
        assertThat(OpportunityState.fold(events).status()).isEqualTo(OpportunityStatus.LOST);
        assertThat(OpportunityState.fold(events).lostAtStage()).isEqualTo(StageCode.of("solution-discussion"));
    }

    @Test
    void theAggregateRoundTripsThroughAxonsJacksonSerializerForSnapshots() {
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
                .build();
        Opportunity aggregate = new Opportunity();
        everyKindOfEvent().forEach(aggregate::on);

        SerializedObject<byte[]> json = serializer.serialize(aggregate, byte[].class);
        Opportunity copy = serializer.deserialize(json);

        assertThat(copy.state()).isEqualTo(aggregate.state());
        assertThat(copy.state().tasks()).isNotEmpty();
        assertThat(new String(json.getData())).contains("\"opportunityId\"").doesNotContain("\"open\"");
    }

    @Test
    void theStateSerialisesOnItsOwn() throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        OpportunityState state = OpportunityState.fold(everyKindOfEvent());

        OpportunityState copy = mapper.readValue(mapper.writeValueAsBytes(state), OpportunityState.class);

        assertThat(copy).isEqualTo(state);
        assertThat(Arrays.asList(copy.getClass().getRecordComponents())).isNotEmpty();
    }
}
