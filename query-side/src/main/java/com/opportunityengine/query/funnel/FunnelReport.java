package com.opportunityengine.query.funnel;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.Stage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns summed counters into the contract's numbers. reached(s) = not-won ones whose highest order
 * is at least s, plus all won ones; advanced(s) the same above s; conversionToNext = advanced /
 * reached (4 decimals); days in stage over completed stays, the average exact to the second (2
 * decimals) and the median from a histogram of whole days (each stay truncated to whole days; the mean
 * of the two middle ones when their number is even, so it can end in .5).
 */
final class FunnelReport {

    private static final double SECONDS_PER_DAY = 86_400d;

    private FunnelReport() {}

    static List<FunnelStageView> stages(Pipeline pipeline, Counters c) {
        int n = pipeline.stages().size();
        long won = c.get(FunnelCounter.WON);
        long[] atOrAbove = new long[n + 2];
        long beyond = 0; // not-won opportunities whose highest order lies past the known stages
        for (Map.Entry<String, Long> e : c.asMap().entrySet()) {
            if (e.getKey().startsWith("hi_")) {
                int k = Integer.parseInt(e.getKey().substring(3));
                if (k > n) {
                    beyond += e.getValue();
                } else if (k >= 1) {
                    atOrAbove[k] += e.getValue();
                }
            }
        }
        atOrAbove[n + 1] = beyond;
        for (int k = n; k >= 1; k--) {
            atOrAbove[k] += atOrAbove[k + 1];
        }
        List<FunnelStageView> views = new ArrayList<>(n);
        for (int s = 1; s <= n; s++) {
            Stage stage = pipeline.stageAt(s);
            long reached = atOrAbove[s] + won;
            long advanced = atOrAbove[s + 1] + won;
            long exited = c.get(FunnelCounter.exited(s));
            long seconds = c.get(FunnelCounter.staySeconds(s));
            views.add(new FunnelStageView(
                    stage.code().value(),
                    stage.name(),
                    s,
                    reached,
                    c.get(FunnelCounter.current(s)),
                    advanced,
                    c.get(FunnelCounter.lost(s)),
                    ratio(advanced, reached),
                    exited == 0 ? null : round(seconds / SECONDS_PER_DAY / exited, 2),
                    medianDays(c, s),
                    c.get(FunnelCounter.entered(s)),
                    exited,
                    round(seconds / SECONDS_PER_DAY, 2),
                    c.get(FunnelCounter.lostFrom(s)),
                    c.get(FunnelCounter.backwardFrom(s))));
        }
        return views;
    }

    static FunnelOverallView overall(Counters c) {
        long won = c.get(FunnelCounter.WON);
        long lost = c.get(FunnelCounter.LOST);
        long closed = c.get(FunnelCounter.CLOSED);
        return new FunnelOverallView(
                c.get(FunnelCounter.CREATED),
                won,
                lost,
                c.get(FunnelCounter.OPEN),
                ratio(won, won + lost),
                closed == 0 ? null : round(c.get(FunnelCounter.CYCLE_SECONDS) / SECONDS_PER_DAY / closed, 2),
                c.get(FunnelCounter.CLOSE_DATE_PUSHES),
                c.get(FunnelCounter.BACKWARD_MOVES));
    }

    /** The median stay in whole days from the histogram; the mean of the two middle ones when even. */
    static Double medianDays(Counters c, int order) {
        String prefix = FunnelCounter.histogramPrefix(order);
        TreeMap<Long, Long> histogram = new TreeMap<>();
        long count = 0;
        for (Map.Entry<String, Long> e : c.asMap().entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getValue() > 0) {
                histogram.merge(Long.parseLong(e.getKey().substring(prefix.length())), e.getValue(), Long::sum);
                count += e.getValue();
            }
        }
        if (count == 0) {
            return null;
        }
        long lowRank = (count + 1) / 2; // 1-based ranks of the middle values
        long highRank = count / 2 + 1;
        Long low = null;
        Long high = null;
        long seen = 0;
        for (Map.Entry<Long, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (low == null && seen >= lowRank) {
                low = e.getKey();
            }
            if (seen >= highRank) {
                high = e.getKey();
                break;
            }
        }
        return round((low + high) / 2d, 2);
    }

    static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : round((double) numerator / denominator, 4);
    }

    static double round(double value, int decimals) {
        return BigDecimal.valueOf(value)
                .setScale(decimals, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
