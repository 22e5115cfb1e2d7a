package com.opportunityengine.command.imports.salesforce;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.UpdateForecast;
import com.opportunityengine.events.opportunity.UpdateOpportunityDetails;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How far an earlier import of the same files got with one opportunity that already exists, found by comparing its
 * planned commands with what its stream holds (no bookkeeping of its own, so it holds whatever stopped that import: a
 * kill -9, a restart, a store fault).
 *
 * <p>The commands an import plans for an opportunity each append one event of a known type at the command's own
 * business time ({@link CreateOpportunity} an {@link OpportunityCreated}, {@link AdvanceStage} a
 * {@link StageChanged}, {@link UpdateForecast} a {@link ForecastUpdated} with the same fields, and so on). Walking the commands in order over the stream's events of those types, a command
 * whose event comes next is applied; one whose event does not is one the earlier import had refused (a business rule
 * refusal appends nothing, and the same command on the same state is refused again); once the stream's events are
 * used up, the rest were cut short and are still to send. Events of other types (contacts, follow-ups, sequence
 * stops) are left out of the comparison.
 *
 * @param resumeAt the index of the first command still to send ({@code commands.size()} when none is)
 * @param refusedBefore the commands before {@code resumeAt} that the stream shows no event for
 */
public record ImportResume(int resumeAt, List<Object> refusedBefore) {

    /** Whether every planned command is accounted for: nothing is left to send. */
    public boolean complete(List<Object> commands) {
        return resumeAt >= commands.size();
    }

    /**
     * @param commands the planned commands of one opportunity, in order ({@link ImportedOpportunity#commands()})
     * @param history the payloads of that opportunity's events, in order
     */
    public static ImportResume of(List<Object> commands, List<Object> history) {
        List<Object> relevant =
                history.stream().filter(ImportResume::fromAnImport).toList();
        List<Object> refused = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < commands.size(); i++) {
            if (next >= relevant.size()) {
                return new ImportResume(i, List.copyOf(refused));
            }
            if (appended(commands.get(i), relevant.get(next))) {
                next++;
            } else {
                refused.add(commands.get(i));
            }
        }
        return new ImportResume(commands.size(), List.copyOf(refused));
    }

    private static boolean fromAnImport(Object event) {
        return event instanceof OpportunityCreated
                || event instanceof OpportunityDetailsUpdated
                || event instanceof ForecastUpdated
                || event instanceof StageChanged
                || event instanceof OpportunityLost
                || event instanceof OpportunityReopened
                || event instanceof OpportunityConverted;
    }

    /** Whether {@code event} is the one {@code command} appends. */
    static boolean appended(Object command, Object event) {
        if (command instanceof CreateOpportunity c) {
            return event instanceof OpportunityCreated e
                    && same(c.occurredAt(), e.occurredAt())
                    && Objects.equals(c.stage(), e.stage());
        }
        if (command instanceof UpdateOpportunityDetails c) {
            return event instanceof OpportunityDetailsUpdated e
                    && same(c.occurredAt(), e.occurredAt())
                    && sameMoney(c.amount(), e.amount())
                    && Objects.equals(c.expectedCloseDate(), e.expectedCloseDate());
        }
        if (command instanceof UpdateForecast c) {
            return event instanceof ForecastUpdated e
                    && same(c.occurredAt(), e.occurredAt())
                    && Objects.equals(c.probability(), e.probability())
                    && c.forecastCategory() == e.forecastCategory();
        }
        if (command instanceof AdvanceStage c) {
            return event instanceof StageChanged e
                    && same(c.occurredAt(), e.occurredAt())
                    && Objects.equals(c.stage(), e.toStage());
        }
        if (command instanceof MarkLost c) {
            return event instanceof OpportunityLost e && same(c.occurredAt(), e.occurredAt());
        }
        if (command instanceof Reopen c) {
            return event instanceof OpportunityReopened e
                    && same(c.occurredAt(), e.occurredAt())
                    && (c.stage() == null || c.stage().equals(e.stage()));
        }
        if (command instanceof ConvertToDeal c) {
            return event instanceof OpportunityConverted e
                    && same(c.occurredAt(), e.occurredAt())
                    && (c.dealId() == null || c.dealId().equals(e.dealId()));
        }
        return false;
    }

    private static boolean sameMoney(Money planned, Money recorded) {
        if (planned == null || recorded == null) {
            return planned == recorded;
        }
        return planned.currency().equals(recorded.currency()) && planned.value().compareTo(recorded.value()) == 0;
    }

    private static boolean same(Instant planned, Instant recorded) {
        return planned != null
                && recorded != null
                && planned.truncatedTo(ChronoUnit.MILLIS).equals(recorded.truncatedTo(ChronoUnit.MILLIS));
    }
}
