package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.platform.assignment.Absence;
import com.opportunityengine.platform.assignment.AssignmentProfile;
import com.opportunityengine.platform.assignment.AssignmentProfiles;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import com.opportunityengine.security.Role;
import com.opportunityengine.security.User;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * The workload of a team's members: who they are and whether assignment may pick them (from the {@code users}
 * collection, read now, as assignment reads it), what they hold open and when they last got an opportunity (from the
 * pipeline projection). An admin or analyst names the team; a sales manager sees their own team only, and any other
 * team answers 404 like one that does not exist.
 */
@Service
class WorkloadQueryService {

    static final int MAX_TEAM_ID_LENGTH = 200;

    private final AssignmentProfiles profiles;
    private final PipelineCatalog pipelines;
    private final WinProbabilitySource probabilities;
    private final PipelineTotalsStore store;
    private final Clock clock;

    WorkloadQueryService(
            AssignmentProfiles profiles,
            PipelineCatalog pipelines,
            WinProbabilitySource probabilities,
            PipelineTotalsStore store,
            Clock clock) {
        this.profiles = profiles;
        this.pipelines = pipelines;
        this.probabilities = probabilities;
        this.store = store;
        this.clock = clock;
    }

    WorkloadView workload(String teamParam, User caller) {
        String teamId = teamOf(teamParam, caller);
        List<AssignmentProfile> team = profiles.team(teamId);
        if (team.isEmpty()) {
            throw noTeam(teamId);
        }
        Instant now = clock.instant();
        List<String> ids = team.stream().map(AssignmentProfile::userId).toList();
        Map<String, OwnerLoad> loads = store.owners(ids);
        Map<String, Amounts> amounts = amounts(Set.copyOf(ids));
        List<MemberWorkload> members = new ArrayList<>();
        Amounts all = new Amounts();
        long allOpen = 0;
        for (AssignmentProfile profile : team) {
            OwnerLoad load = loads.getOrDefault(profile.userId(), new OwnerLoad(profile.userId(), 0, null));
            long open = Math.max(0, load.open());
            Amounts held = amounts.getOrDefault(profile.userId(), new Amounts());
            all.add(held);
            allOpen += open;
            members.add(member(profile, open, held, load.lastAssignedAt(), now));
        }
        return new WorkloadView(
                teamId, now, members, allOpen, PipelineReport.money(all.raw), PipelineReport.money(all.weighted));
    }

    private String teamOf(String teamParam, User caller) {
        boolean anyTeam = caller.has(Role.ADMIN) || caller.has(Role.ANALYST);
        if (teamParam == null) {
            if (!anyTeam && caller.teamId() != null) {
                return caller.teamId();
            }
            throw Problems.exception(Problems.invalid("teamId", "is required"));
        }
        if (teamParam.isBlank() || teamParam.length() > MAX_TEAM_ID_LENGTH) {
            throw Problems.exception(
                    Problems.invalid("teamId", "must be 1 to " + MAX_TEAM_ID_LENGTH + " characters, not blank"));
        }
        if (!anyTeam && !teamParam.equals(caller.teamId())) {
            throw noTeam(teamParam);
        }
        return teamParam;
    }

    private MemberWorkload member(
            AssignmentProfile profile, long open, Amounts held, Instant lastAssignedAt, Instant now) {
        Optional<Absence> away = profile.absences().stream()
                .filter(absence -> absence.covers(now))
                .max(Comparator.comparing(Absence::to));
        Integer maxOpen = profile.maxOpen();
        Integer remaining = maxOpen == null ? null : (int) Math.max(0, maxOpen - open);
        return new MemberWorkload(
                profile.userId(),
                profile.displayName(),
                profile.roles().stream().map(Role::name).sorted().toList(),
                profile.active(),
                profile.sells() && profile.active(),
                open,
                PipelineReport.money(held.raw),
                PipelineReport.money(held.weighted),
                maxOpen,
                remaining,
                profile.atCapacity(open),
                away.isPresent(),
                away.map(Absence::to).orElse(null),
                lastAssignedAt);
    }

    /** The amounts each member holds open, over every pipeline, raw and weighted per currency. */
    private Map<String, Amounts> amounts(Set<String> members) {
        Map<String, Amounts> byMember = new TreeMap<>();
        store.allTotals().forEach((pipelineId, totals) -> {
            Pipeline pipeline = pipeline(pipelineId);
            for (PipelineTotal total : totals) {
                if (!members.contains(total.owner()) || total.amount().signum() == 0) {
                    continue;
                }
                double p = pipeline == null
                        ? 0
                        : pipeline.stage(StageCode.of(total.stage()))
                                .map(stage -> probabilities.probability(pipeline, stage))
                                .orElse(0.0);
                byMember.computeIfAbsent(total.owner(), owner -> new Amounts())
                        .add(total.currency(), total.amount(), p);
            }
        });
        return byMember;
    }

    private Pipeline pipeline(String id) {
        try {
            return pipelines.find(PipelineId.of(id)).orElse(null);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    private static ErrorResponseException noTeam(String teamId) {
        return Problems.exception(Problems.of(ProblemType.NOT_FOUND, "There is no team " + teamId + "."));
    }

    /** Amounts per currency, raw and weighted. */
    private static final class Amounts {
        final Map<String, BigDecimal> raw = new TreeMap<>();
        final Map<String, BigDecimal> weighted = new TreeMap<>();

        void add(String currency, BigDecimal amount, double probability) {
            raw.merge(currency, amount, BigDecimal::add);
            weighted.merge(
                    currency, PipelineReport.weigh(amount, BigDecimal.valueOf(probability), currency), BigDecimal::add);
        }

        void add(Amounts other) {
            other.raw.forEach((c, a) -> raw.merge(c, a, BigDecimal::add));
            other.weighted.forEach((c, a) -> weighted.merge(c, a, BigDecimal::add));
        }
    }
}
