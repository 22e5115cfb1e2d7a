package com.opportunityengine.testing;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but reproducible opportunity histories in the default pipeline (numbered 1 to n, a few owners and sources,
 * moves both ways, losses and reopenings, wins, owner changes, close dates that move), and a log order that
 * interleaves them: for property tests that compare a read model with a naive count of the same histories.
 */
public final class RandomHistories {

    public static final String[] OWNERS = {"alice", "bob", "carol"};
    public static final String[] SOURCES = {"web", "fair"};
    public static final Instant START = Instant.parse("2025-11-01T00:00:00Z");

    private RandomHistories() {}

    public static List<OpportunityHistory> generate(Random random, int count) {
        List<OpportunityHistory> histories = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            Instant at = START.plusSeconds(random.nextInt(150 * 86_400));
            int stage = 1 + random.nextInt(2);
            OpportunityHistory h = anOpportunity(n)
                    .ownedBy(OWNERS[random.nextInt(OWNERS.length)])
                    .from(SOURCES[random.nextInt(SOURCES.length)])
                    .inStage(stage)
                    .created(at);
            boolean lost = false;
            LocalDate closeDate = LocalDate.parse("2026-06-30");
            int steps = random.nextInt(8);
            for (int i = 0; i < steps; i++) {
                at = at.plus(Duration.ofSeconds(random.nextInt(random.nextBoolean() ? 3_600 : 12 * 86_400)));
                int pick = random.nextInt(10);
                if (lost) {
                    if (pick < 5) {
                        stage = 1 + random.nextInt(4);
                        h.reopened(stage, at);
                        lost = false;
                    }
                    continue;
                }
                if (pick < 4) {
                    int to = 1 + random.nextInt(4);
                    if (to == stage) {
                        continue;
                    }
                    h.movedTo(to, at);
                    stage = to;
                } else if (pick == 4) {
                    h.lost(at);
                    lost = true;
                } else if (pick == 5) {
                    h.won(at);
                    break;
                } else if (pick == 6) {
                    h.reassignedTo(OWNERS[random.nextInt(OWNERS.length)] + (random.nextInt(5) == 0 ? ".x" : ""), at);
                } else if (pick == 7) {
                    closeDate = closeDate.plusDays(random.nextInt(61) - 30);
                    h.closeDateMovedTo(closeDate.toString(), at);
                }
            }
            histories.add(h);
        }
        return histories;
    }

    /** Every event with its sequence, interleaved across opportunities at random but in order per opportunity. */
    public static List<Sequenced> interleaved(Random random, List<OpportunityHistory> histories) {
        List<List<OpportunityEvent>> queues = new ArrayList<>();
        for (OpportunityHistory h : histories) {
            queues.add(new ArrayList<>(h.events()));
        }
        int[] next = new int[queues.size()];
        List<Sequenced> log = new ArrayList<>();
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            live.add(i);
        }
        while (!live.isEmpty()) {
            int slot = random.nextInt(live.size());
            int q = live.get(slot);
            log.add(new Sequenced(queues.get(q).get(next[q]), next[q]));
            next[q]++;
            if (next[q] == queues.get(q).size()) {
                live.remove(slot);
            }
        }
        return log;
    }
}
