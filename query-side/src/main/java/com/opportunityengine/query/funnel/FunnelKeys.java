package com.opportunityengine.query.funnel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where deltas are filed and which keys a query reads. A delta document is keyed
 * {@code pipeline/cohortUnit/bucket/owner}: the cohort unit is the creation day ({@code D2026-03-05}) and
 * the creation month ({@code M2026-03}), so a cohort range reads whole months plus its edge days; the
 * bucket is when the event happened (business time, UTC): {@code T} (ever), its month
 * ({@code M2026-03}), its day ({@code D2026-03-05}), its hour ({@code H2026-03-05T14}) and its minute
 * ({@code N2026-03-05T14:07}). The list {@code L2026-03-05T14:07:31} keeps that second's deltas one by one
 * with their instants, so that an asOf is exact to the instant: a query reads the months before asOf's
 * month, the days of that month before asOf's day, the hours of that day before asOf's hour, the minutes
 * of that hour before asOf's minute, and the lists of that minute's seconds up to asOf's. Every read is a
 * look-up by key; how many keys depends on the date ranges, not on how many opportunities there are, and
 * no document grows with the traffic: a list holds one second of one cohort unit (a list per hour, as
 * before, grew with every event of a busy hour, and each append rewrote it whole).
 */
final class FunnelKeys {

    static final String EVER = "T";

    private FunnelKeys() {}

    static String id(String pipeline, String unit, String bucket) {
        return pipeline + "/" + unit + "/" + bucket;
    }

    static String day(LocalDate day) {
        return "D" + day;
    }

    static String month(YearMonth month) {
        return "M" + month;
    }

    static String hour(LocalDate day, int hour) {
        return String.format("H%sT%02d", day, hour);
    }

    static String minute(LocalDate day, int hour, int minute) {
        return String.format("N%sT%02d:%02d", day, hour, minute);
    }

    static String list(LocalDate day, int hour, int minute, int second) {
        return String.format("L%sT%02d:%02d:%02d", day, hour, minute, second);
    }

    static int utcHour(Instant at) {
        return at.atZone(ZoneOffset.UTC).getHour();
    }

    static int utcMinute(Instant at) {
        return at.atZone(ZoneOffset.UTC).getMinute();
    }

    static int utcSecond(Instant at) {
        return at.atZone(ZoneOffset.UTC).getSecond();
    }

    static LocalDate utcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    static List<String> cohortUnits(LocalDate cohortDay) {
        return List.of(day(cohortDay), month(YearMonth.from(cohortDay)));
    }

    /**
     * The increments a change makes: document id ({@code pipeline/unit/bucket/owner}, the owner also as
     * {@link FunnelCell#ALL}) to source cell to counters. So a query reads one small document per bucket
     * whatever the number of owners; a query over every source adds up the document's cells (a handful of
     * sources), which costs less than filing each change a second time under an all-sources cell did.
     */
    static Map<String, Map<String, Counters>> increments(FunnelChange change) {
        Map<String, Map<String, Counters>> increments = new LinkedHashMap<>();
        for (String bucket : bucketIds(change)) {
            for (CellDelta delta : change.deltas()) {
                for (String owner : List.of(delta.cell().ownerKey(), FunnelCell.ALL)) {
                    increments
                            .computeIfAbsent(bucket + "/" + owner, k -> new TreeMap<>())
                            .computeIfAbsent(delta.cell().sourceKey(), k -> new Counters())
                            .addAll(delta.counters());
                }
            }
        }
        increments.values().forEach(cells -> cells.values().removeIf(Counters::isEmpty));
        increments.values().removeIf(Map::isEmpty);
        return increments;
    }

    /** The buckets (document ids without their owner part) a change is added to. */
    static List<String> bucketIds(FunnelChange change) {
        LocalDate at = utcDay(change.occurredAt());
        int hour = utcHour(change.occurredAt());
        int minute = utcMinute(change.occurredAt());
        List<String> ids = new ArrayList<>(10);
        for (String unit : cohortUnits(change.cohortDay())) {
            ids.add(id(change.pipeline(), unit, EVER));
            ids.add(id(change.pipeline(), unit, month(YearMonth.from(at))));
            ids.add(id(change.pipeline(), unit, day(at)));
            ids.add(id(change.pipeline(), unit, hour(at, hour)));
            ids.add(id(change.pipeline(), unit, minute(at, hour, minute)));
        }
        return ids;
    }

    /** The per-second lists a change is appended to. */
    static List<String> listIds(FunnelChange change) {
        Instant occurred = change.occurredAt();
        String list = list(utcDay(occurred), utcHour(occurred), utcMinute(occurred), utcSecond(occurred));
        List<String> ids = new ArrayList<>(2);
        for (String unit : cohortUnits(change.cohortDay())) {
            ids.add(id(change.pipeline(), unit, list));
        }
        return ids;
    }

    /**
     * The keys answering a query over cohorts created in [from, to) (either end open when null), as of
     * an instant (null: everything).
     */
    static ReadPlan plan(String pipeline, LocalDate from, LocalDate to, Instant asOf, FunnelMeta meta) {
        return plan(pipeline, from, to, asOf, meta, FunnelCell.ALL);
    }

    /** The same, for the documents of one owner key (or {@link FunnelCell#ALL}). */
    static ReadPlan plan(
            String pipeline, LocalDate from, LocalDate to, Instant asOf, FunnelMeta meta, String ownerKey) {
        ReadPlan plan = bucketPlan(pipeline, from, to, asOf, meta);
        return new ReadPlan(
                plan.sumIds().stream().map(id -> id + "/" + ownerKey).toList(), plan.listIds(), plan.listCutoff());
    }

    private static ReadPlan bucketPlan(String pipeline, LocalDate from, LocalDate to, Instant asOf, FunnelMeta meta) {
        if (meta == null) {
            return ReadPlan.EMPTY;
        }
        LocalDate lo = from == null || from.isBefore(meta.minCohortDay()) ? meta.minCohortDay() : from;
        LocalDate end = meta.maxCohortDay().plusDays(1);
        LocalDate hi = to == null || to.isAfter(end) ? end : to;
        if (!lo.isBefore(hi)) {
            return ReadPlan.EMPTY;
        }
        boolean everything = asOf == null || !asOf.isBefore(meta.maxOccurredAt());
        List<String> sums = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        LocalDate asOfDay = asOf == null ? null : utcDay(asOf);
        for (CohortUnit unit : units(lo, hi)) {
            if (everything) {
                sums.add(id(pipeline, unit.key(), EVER));
                continue;
            }
            if (asOfDay.isBefore(unit.start())) {
                continue; // nothing of an opportunity happens before it is created
            }
            YearMonth asOfMonth = YearMonth.from(asOfDay);
            for (YearMonth m = YearMonth.from(unit.start()); m.isBefore(asOfMonth); m = m.plusMonths(1)) {
                sums.add(id(pipeline, unit.key(), month(m)));
            }
            LocalDate firstDay = asOfMonth.atDay(1).isBefore(unit.start()) ? unit.start() : asOfMonth.atDay(1);
            for (LocalDate d = firstDay; d.isBefore(asOfDay); d = d.plusDays(1)) {
                sums.add(id(pipeline, unit.key(), day(d)));
            }
            int asOfHour = utcHour(asOf);
            for (int h = 0; h < asOfHour; h++) {
                sums.add(id(pipeline, unit.key(), hour(asOfDay, h)));
            }
            int asOfMinute = utcMinute(asOf);
            for (int m = 0; m < asOfMinute; m++) {
                sums.add(id(pipeline, unit.key(), minute(asOfDay, asOfHour, m)));
            }
            for (int second = 0; second <= utcSecond(asOf); second++) {
                lists.add(id(pipeline, unit.key(), list(asOfDay, asOfHour, asOfMinute, second)));
            }
        }
        return new ReadPlan(sums, lists, everything ? null : asOf);
    }

    /** Splits [lo, hi) into whole calendar months and the days at its edges. */
    static List<CohortUnit> units(LocalDate lo, LocalDate hi) {
        List<CohortUnit> units = new ArrayList<>();
        LocalDate d = lo;
        while (d.isBefore(hi)) {
            YearMonth m = YearMonth.from(d);
            if (d.getDayOfMonth() == 1 && !m.plusMonths(1).atDay(1).isAfter(hi)) {
                units.add(new CohortUnit(month(m), d));
                d = m.plusMonths(1).atDay(1);
            } else {
                units.add(new CohortUnit(day(d), d));
                d = d.plusDays(1);
            }
        }
        return units;
    }
}
