package com.opportunityengine.query.pipeline;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.Stage;
import com.opportunityengine.events.pipeline.StageCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class PipelineQueryServiceTest {

    private final PipelineTotalsStore store = new InMemoryPipelineTotalsStore();
    private final PipelineCatalog catalog = PipelineCatalog.defaultOnly();

    @Test
    void theProbabilitySourceCanBeSwapped() {
        var events = anOpportunity(1)
                .worth("1000.00", "CNY")
                .created(at("2026-01-01T00:00:00Z"))
                .events();
        new PipelineProjection(store).on(events.get(0), 0);
        WinProbabilitySource model = (pipeline, stage) -> 0.3333;

        PipelineView view = new PipelineQueryService(catalog, model, store).pipeline("default", null);

        assertThat(view.stages().get(0).probability()).isEqualTo(0.3333);
        assertThat(view.stages().get(0).weighted()).containsExactly(Money.of("333.30", "CNY"));
    }

    @Test
    void anotherPipelineListsItsOwnStages() {
        Pipeline small = new Pipeline(
                PipelineId.of("small"), "Small", List.of(new Stage(StageCode.of("lead"), "Lead", null, 0.2)));
        PipelineCatalog both = id -> id.equals(small.id()) ? Optional.of(small) : catalog.find(id);

        PipelineView view =
                new PipelineQueryService(both, new StageDefaultProbability(), store).pipeline("small", null);

        assertThat(view.stages()).extracting(PipelineStageView::stage).containsExactly("lead");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnknownPipelineIsABadRequest() {
        PipelineQueryService service = new PipelineQueryService(catalog, new StageDefaultProbability(), store);

        ErrorResponseException e =
                catchThrowableOfType(() -> service.pipeline("nope", null), ErrorResponseException.class);

        assertThat(e.getStatusCode().value()).isEqualTo(400);
        assertThat((List<Map<String, String>>) e.getBody().getProperties().get("errors"))
                .containsExactly(Map.of("field", "pipeline", "message", "unknown pipeline: nope"));
    }
}
