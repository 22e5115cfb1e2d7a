package com.opportunityengine.query.funnel;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class FunnelQueryServiceTest {

    private final PipelineCatalog pipelines =
            id -> id.equals(Pipeline.DEFAULT.id()) ? Optional.of(Pipeline.DEFAULT) : Optional.empty();
    private final FunnelStore store = new InMemoryFunnelStore();
    private final FunnelProjection projection = new FunnelProjection(store);
    private final FunnelQueryService service = new FunnelQueryService(pipelines, store);

    @Test
    void answersWithEveryStageInPipelineOrder() {
        List<OpportunityEvent> events = anOpportunity(1)
                .created(at("2026-01-01T00:00:00Z"))
                .movedTo(2, at("2026-01-02T00:00:00Z"))
                .events();
        for (int i = 0; i < events.size(); i++) {
            projection.on(events.get(i), i);
        }

        FunnelView view = service.funnel(null, "2026-01-01", "2026-02-01", null, null, "2026-01-01T12:00:00Z");

        assertThat(view.pipeline()).isEqualTo("default");
        assertThat(view.asOf()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(view.stages())
                .extracting(FunnelStageView::stage)
                .containsExactly("initial-contact", "needs-confirmed", "solution-discussion", "negotiation");
        assertThat(view.stages()).extracting(FunnelStageView::reached).containsExactly(1L, 0L, 0L, 0L);
        assertThat(view.overall().created()).isEqualTo(1);
    }

    @Test
    void rejectsAnUnknownPipeline() {
        assertThat(errors(() -> service.funnel("nope", null, null, null, null, null)))
                .containsExactly(Map.of("field", "pipeline", "message", "unknown pipeline: nope"));
        assertThat(errors(() -> service.funnel("Not An Id", null, null, null, null, null)))
                .extracting(e -> e.get("field"))
                .containsExactly("pipeline");
    }

    @Test
    void rejectsMalformedDatesAndAnEmptyRange() {
        assertThat(errors(() -> service.funnel(null, "2026-13-01", "yesterday", null, null, "2026-01-01")))
                .extracting(e -> e.get("field"))
                .containsExactly("from", "to", "asOf");
        assertThat(errors(() -> service.funnel(null, "2026-02-01", "2026-02-01", null, null, null)))
                .extracting(e -> e.get("field"))
                .containsExactly("to");
        assertThat(errors(() -> service.funnel(null, "2026-03-01", "2026-02-01", null, null, null)))
                .extracting(e -> e.get("field"))
                .containsExactly("to");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> errors(Runnable call) {
        ErrorResponseException e = catchThrowableOfType(call::run, ErrorResponseException.class);
        assertThat(e).isNotNull();
        assertThat(e.getStatusCode().value()).isEqualTo(400);
        return (List<Map<String, String>>) e.getBody().getProperties().get("errors");
    }
}
