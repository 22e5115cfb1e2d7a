package com.opportunityengine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRoundTripTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void moneyIsADecimalStringAndACurrencyCode() throws Exception {
        String json = mapper.writeValueAsString(Money.of("125000.00", "CNY"));
        assertThat(json).isEqualTo("{\"value\":\"125000.00\",\"currency\":\"CNY\"}");
        assertThat(mapper.readValue("{\"value\":125000.5,\"currency\":\"USD\"}", Money.class))
                .isEqualTo(Money.of("125000.5", "USD"));
    }

    @Test
    void eventsSurviveARoundTripWithTypedIdsAsRawValues() throws Exception {
        OpportunityCreated created = new OpportunityCreated(
                OpportunityId.random(),
                "ERP rollout",
                null,
                CustomerId.random(),
                "referral",
                Money.of("10.00", "EUR"),
                LocalDate.parse("2026-12-31"),
                UserId.of("alice"),
                PipelineId.DEFAULT,
                StageCode.of("initial-contact"),
                1,
                List.of(OpportunityId.random()),
                Instant.parse("2026-03-01T09:30:00Z"));
        String json = mapper.writeValueAsString(created);
        assertThat(json)
                .contains("\"ownerId\":\"alice\"")
                .contains("\"opportunityId\":\"" + created.opportunityId() + "\"");
        assertThat(mapper.readValue(json, OpportunityCreated.class)).isEqualTo(created);
    }

    @Test
    void aForecastKeepsItsWholePercentAndCategoryAndANullStaysNull() throws Exception {
        ForecastUpdated both = new ForecastUpdated(
                OpportunityId.random(), 60, ForecastCategory.BEST_CASE, Instant.parse("2026-03-01T09:30:00Z"));
        String json = mapper.writeValueAsString(both);
        assertThat(json).contains("\"probability\":60").contains("\"forecastCategory\":\"BEST_CASE\"");
        assertThat(mapper.readValue(json, ForecastUpdated.class)).isEqualTo(both);
        ForecastUpdated categoryOnly =
                new ForecastUpdated(both.opportunityId(), null, ForecastCategory.COMMIT, both.occurredAt());
        assertThat(mapper.readValue(mapper.writeValueAsString(categoryOnly), ForecastUpdated.class))
                .isEqualTo(categoryOnly);
    }

    @Test
    void idsRejectWhatIsNotAUuid() {
        assertThatThrownBy(() -> OpportunityId.of("1-2-3-4-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpportunityId.of("not-a-uuid")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultPipelineHasTheContractsFourStagesInOrder() {
        assertThat(Pipeline.DEFAULT.stages())
                .extracting(s -> s.code().value())
                .containsExactly("initial-contact", "needs-confirmed", "solution-discussion", "negotiation");
        assertThat(Pipeline.DEFAULT.order(StageCode.of("negotiation"))).isEqualTo(4);
        assertThat(Pipeline.DEFAULT
                        .stage(StageCode.of("negotiation"))
                        .orElseThrow()
                        .defaultProbability())
                .isEqualTo(0.75);
    }
}
