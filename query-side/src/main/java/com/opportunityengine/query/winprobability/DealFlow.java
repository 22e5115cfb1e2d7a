package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Deal flow: where the opportunities open in a pipeline at {@code from} stood at {@code to} (won, lost, moved
 * forward, moved back, still in the same stage), and what became of those created in between, from the
 * business-time log (every event with {@code occurredAt} at or before the instant counts, as in the funnel's
 * {@code asOf}). Each opportunity's position is folded twice over one walk of the log: as it stood at {@code from}
 * and at {@code to}.
 */
final class DealFlow {

    /** What became of one opportunity between the two instants. */
    enum Outcome {
        WON,
        LOST,
        MOVED_FORWARD,
        MOVED_BACK,
        STAYED,
        /** Created after {@code from}, still open at {@code to}. */
        NEW_OPEN,
        /** Created after {@code from}, won by {@code to}. */
        NEW_WON,
        /** Created after {@code from}, lost by {@code to}. */
        NEW_LOST
    }

    /** Where an opportunity stands: its pipeline and stage, and OPEN, WON or LOST. */
    private record Position(String pipeline, String stage, int order, String status) {

        boolean open() {
            return status.equals("OPEN");
        }
    }

    /** One link of the flow: from a stage at {@code from} (or NEW) to a stage at {@code to}, WON or LOST. */
    private record LinkKey(String source, String target, Outcome outcome) {}

    private static final Comparator<LinkKey> LINK_ORDER =
            Comparator.comparing(LinkKey::source).thenComparing(LinkKey::target).thenComparing(LinkKey::outcome);

    private DealFlow() {}

    static DealFlowView of(
            Pipeline pipeline,
            Iterable<? extends OpportunityEvent> inBusinessOrderUpToTo,
            Instant from,
            Instant to,
            Predicate<String> visible) {
        Map<String, Position> now = new HashMap<>();
        Map<String, Position> atFrom = null;
        for (OpportunityEvent event : inBusinessOrderUpToTo) {
            if (event.occurredAt().isAfter(to)) {
                break;
            }
            if (atFrom == null && event.occurredAt().isAfter(from)) {
                atFrom = new HashMap<>(now);
            }
            apply(now, event);
        }
        if (atFrom == null) {
            atFrom = new HashMap<>(now);
        }
        String pipelineId = pipeline.id().value();
        Map<String, Counts> byStage = new TreeMap<>();
        Map<LinkKey, Long> links = new TreeMap<>(LINK_ORDER);
        Counts totals = new Counts();
        for (Map.Entry<String, Position> entry : now.entrySet()) {
            Position end = entry.getValue();
            if (!end.pipeline().equals(pipelineId) || !visible.test(entry.getKey())) {
                continue;
            }
            Position start = atFrom.get(entry.getKey());
            boolean wasOpen = start != null && start.open() && start.pipeline().equals(pipelineId);
            if (start != null && !wasOpen) {
                continue; // closed already at from (or in another pipeline then): not part of the open pipeline
            }
            Outcome outcome = outcome(wasOpen ? start : null, end);
            String source = wasOpen ? start.stage() : "NEW";
            String target = end.open() ? end.stage() : end.status();
            links.merge(new LinkKey(source, target, outcome), 1L, Long::sum);
            totals.add(outcome);
            if (wasOpen) {
                byStage.computeIfAbsent(start.stage(), s -> new Counts()).add(outcome);
            }
            if (end.open()) {
                byStage.computeIfAbsent(end.stage(), s -> new Counts()).openAtTo++;
                if (!wasOpen) {
                    byStage.get(end.stage()).newAtTo++;
                }
            }
        }
        List<DealFlowView.StageFlow> stages = new ArrayList<>();
        for (int order = 1; order <= pipeline.stages().size(); order++) {
            Stage stage = pipeline.stageAt(order);
            Counts c = byStage.getOrDefault(stage.code().value(), new Counts());
            stages.add(new DealFlowView.StageFlow(
                    stage.code().value(),
                    stage.name(),
                    stage.nameZh(),
                    order,
                    c.openAtFrom,
                    c.won,
                    c.lost,
                    c.forward,
                    c.back,
                    c.stayed,
                    c.openAtTo,
                    c.newAtTo));
        }
        List<DealFlowView.Link> linkList = new ArrayList<>();
        links.forEach((key, count) -> linkList.add(
                new DealFlowView.Link(key.source(), key.target(), key.outcome().name(), count)));
        return new DealFlowView(
                pipelineId,
                from,
                to,
                stages,
                linkList,
                new DealFlowView.Totals(
                        totals.openAtFrom,
                        totals.won,
                        totals.lost,
                        totals.forward,
                        totals.back,
                        totals.stayed,
                        totals.created,
                        totals.createdWon,
                        totals.createdLost,
                        totals.createdOpen));
    }

    private static Outcome outcome(Position start, Position end) {
        if (start == null) {
            return switch (end.status()) {
                case "WON" -> Outcome.NEW_WON;
                case "LOST" -> Outcome.NEW_LOST;
                default -> Outcome.NEW_OPEN;
            };
        }
        return switch (end.status()) {
            case "WON" -> Outcome.WON;
            case "LOST" -> Outcome.LOST;
            default ->
                end.order() > start.order()
                        ? Outcome.MOVED_FORWARD
                        : end.order() < start.order() ? Outcome.MOVED_BACK : Outcome.STAYED;
        };
    }

    private static void apply(Map<String, Position> positions, OpportunityEvent event) {
        String id = event.opportunityId().toString();
        if (event instanceof OpportunityCreated e) {
            positions.put(id, new Position(e.pipeline().value(), e.stage().value(), e.stageOrder(), "OPEN"));
            return;
        }
        Position was = positions.get(id);
        if (was == null) {
            return;
        }
        if (event instanceof StageChanged e) {
            positions.put(id, new Position(e.pipeline().value(), e.toStage().value(), e.toOrder(), was.status()));
        } else if (event instanceof OpportunityLost) {
            positions.put(id, new Position(was.pipeline(), was.stage(), was.order(), "LOST"));
        } else if (event instanceof OpportunityConverted) {
            positions.put(id, new Position(was.pipeline(), was.stage(), was.order(), "WON"));
        } else if (event instanceof OpportunityReopened e) {
            positions.put(
                    id,
                    e.stage() == null
                            ? new Position(was.pipeline(), was.stage(), was.order(), "OPEN")
                            : new Position(was.pipeline(), e.stage().value(), e.stageOrder(), "OPEN"));
        }
    }

    private static final class Counts {
        long openAtFrom;
        long won;
        long lost;
        long forward;
        long back;
        long stayed;
        long openAtTo;
        long newAtTo;
        long created;
        long createdWon;
        long createdLost;
        long createdOpen;

        void add(Outcome outcome) {
            switch (outcome) {
                case WON -> won++;
                case LOST -> lost++;
                case MOVED_FORWARD -> forward++;
                case MOVED_BACK -> back++;
                case STAYED -> stayed++;
                case NEW_OPEN -> createdOpen++;
                case NEW_WON -> createdWon++;
                case NEW_LOST -> createdLost++;
            }
            if (outcome.name().startsWith("NEW_")) {
                created++;
            } else {
                openAtFrom++;
            }
        }
    }
}
