package com.opportunityengine.testing;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Deterministic, realistic opportunity histories on the default pipeline, for tests and benchmarks.
 *
 * <p>Each opportunity has a hidden quality z = source effect − 0.3·(relative log amount) + noise. At each stage it
 * advances (sometimes skipping a stage), falls back a stage or is lost; the chance of moving forward is
 * sigmoid(z + 0.45·(stage − 1)), so later stages win more. Dwell times depend on what comes next (quick before an
 * advance, long before a loss), contacts come at a rate that grows with quality and dries up before a loss, expected
 * close dates slip by a month whenever they pass, amounts change now and then, in CNY, USD or EUR. A quarter of the
 * opportunities start past the first stage; 4% of losses are reopened. So stage, time in stage, source and activity
 * all carry signal that the stage defaults ignore. Events are emitted sorted by occurredAt (per opportunity in
 * order); events after {@code to} are cut, leaving recent opportunities open.
 */
public final class SyntheticHistories {

    private static final String[] SOURCES = {"referral", "partner", "website", "trade-show", "cold-call"};
    private static final double[] SOURCE_WEIGHT = {0.15, 0.15, 0.35, 0.15, 0.20};
    private static final double[] SOURCE_EFFECT = {0.9, 0.4, 0.0, -0.3, -0.9};
    private static final String[] CURRENCIES = {"CNY", "USD", "EUR"};
    private static final double[] CURRENCY_LOG_MEAN = {Math.log(200_000), Math.log(30_000), Math.log(28_000)};
    private static final ContactChannel[] CHANNELS = ContactChannel.values();

    private final Random random;
    private final Pipeline pipeline = Pipeline.DEFAULT;
    private final int stages = Pipeline.DEFAULT.stages().size();

    private SyntheticHistories(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} opportunities created uniformly between {@code from} and {@code to}, histories cut at {@code to}. */
    public static List<OpportunityEvent> generate(long seed, int count, Instant from, Instant to) {
        return generate(seed, count, from, to, to);
    }

    /**
     * {@code count} opportunities created uniformly between {@code createdFrom} and {@code createdTo}, histories cut
     * at {@code to} (at or after {@code createdTo}).
     */
    public static List<OpportunityEvent> generate(
            long seed, int count, Instant createdFrom, Instant createdTo, Instant to) {
        if (createdTo.isBefore(createdFrom) || to.isBefore(createdTo)) {
            throw new IllegalArgumentException("need createdFrom <= createdTo <= to");
        }
        SyntheticHistories generator = new SyntheticHistories(seed);
        List<Sequenced> all = new ArrayList<>();
        long span = Duration.between(createdFrom, createdTo).getSeconds();
        for (int i = 0; i < count; i++) {
            Instant created = createdFrom.plusSeconds((long) (generator.random.nextDouble() * span));
            List<OpportunityEvent> history = generator.history(created, to);
            for (int k = 0; k < history.size(); k++) {
                if (!history.get(k).occurredAt().isAfter(to)) {
                    all.add(new Sequenced(history.get(k), i, k));
                }
            }
        }
        all.sort(Comparator.comparing((Sequenced s) -> s.event.occurredAt())
                .thenComparingInt(s -> s.opportunity)
                .thenComparingInt(s -> s.index));
        return all.stream().map(s -> s.event).toList();
    }

    private record Sequenced(OpportunityEvent event, int opportunity, int index) {}

    private enum Step {
        ADVANCE,
        BACK,
        LOSE
    }

    private List<OpportunityEvent> history(Instant created, Instant to) {
        List<OpportunityEvent> events = new ArrayList<>();
        OpportunityId id = new OpportunityId(uuid());
        int source = pick(SOURCE_WEIGHT);
        int currency = random.nextDouble() < 0.6 ? 0 : random.nextDouble() < 0.75 ? 1 : 2;
        double relativeLogAmount = random.nextGaussian() * 0.8;
        double z = SOURCE_EFFECT[source] - 0.3 * relativeLogAmount + random.nextGaussian() * 0.8 - 0.2;
        double contactsPerWeek = 0.3 + 2.0 * sigmoid(z + random.nextGaussian() * 0.7);
        double u = random.nextDouble();
        int stage = u < 0.72 ? 1 : u < 0.86 ? 2 : u < 0.96 ? 3 : 4;
        LocalDate expected = date(created).plusDays(45 + random.nextInt(76));
        Money amount = money(CURRENCY_LOG_MEAN[currency] + relativeLogAmount, currency);
        events.add(new OpportunityCreated(
                id,
                "Synthetic opportunity",
                null,
                new CustomerId(uuid()),
                SOURCES[source],
                amount,
                expected,
                UserId.of("rep-" + (1 + random.nextInt(12))),
                PipelineId.DEFAULT,
                code(stage),
                stage,
                List.of(),
                created));
        Instant now = created;
        for (int steps = 0; steps < 40; steps++) {
            double advance = sigmoid(z + 0.45 * (stage - 1));
            double r = random.nextDouble();
            Step step = r < advance
                    ? Step.ADVANCE
                    : stage > 1 && r < advance + (1 - advance) * 0.22 ? Step.BACK : Step.LOSE;
            double meanDwell = step == Step.ADVANCE ? 14 : step == Step.BACK ? 20 : 40;
            Instant next = now.plusSeconds((long) (-meanDwell * Math.log(1 - random.nextDouble()) * 86_400) + 3_600);
            double rate = contactsPerWeek * (step == Step.LOSE ? 0.25 : 1.0);
            contacts(events, id, now, next, rate);
            expected = slip(events, id, expected, now, next);
            if (next.isAfter(to)) {
                break;
            }
            now = next;
            if (step == Step.ADVANCE && stage == stages) {
                events.add(new OpportunityConverted(
                        id, new DealId(uuid()), amount, date(now), code(stage), stage, List.of(), List.of(), now));
                break;
            }
            if (step == Step.ADVANCE) {
                int target = stage + (stage + 2 <= stages && random.nextDouble() < 0.15 ? 2 : 1);
                if (random.nextDouble() < 0.2) {
                    amount = new Money(
                            amount.value()
                                    .multiply(BigDecimal.valueOf(0.8 + 0.4 * random.nextDouble()))
                                    .setScale(2, RoundingMode.HALF_UP),
                            amount.currency());
                    events.add(new OpportunityDetailsUpdated(id, null, null, amount, null, null, null, now));
                }
                events.add(new StageChanged(
                        id,
                        PipelineId.DEFAULT,
                        code(stage),
                        stage,
                        code(target),
                        target,
                        StageDirection.FORWARD,
                        null,
                        now));
                stage = target;
            } else if (step == Step.BACK) {
                events.add(new StageChanged(
                        id,
                        PipelineId.DEFAULT,
                        code(stage),
                        stage,
                        code(stage - 1),
                        stage - 1,
                        StageDirection.BACKWARD,
                        "customer re-opened requirements",
                        now));
                stage--;
            } else {
                events.add(new OpportunityLost(id, "no decision", null, code(stage), stage, now));
                if (random.nextDouble() >= 0.04) {
                    break;
                }
                now = now.plusSeconds((10 + random.nextInt(30)) * 86_400L);
                if (now.isAfter(to)) {
                    break;
                }
                events.add(new OpportunityReopened(id, "customer came back", code(stage), stage, now));
                z -= 0.3;
            }
        }
        return events;
    }

    private void contacts(List<OpportunityEvent> events, OpportunityId id, Instant from, Instant to, double perWeek) {
        double seconds = Duration.between(from, to).getSeconds();
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) * 7 * 86_400 / perWeek;
            if (t >= seconds) {
                return;
            }
            events.add(new ContactLogged(
                    id,
                    new ContactId(uuid()),
                    CHANNELS[random.nextInt(CHANNELS.length)],
                    random.nextBoolean() ? ContactDirection.INBOUND : ContactDirection.OUTBOUND,
                    "contact",
                    List.of(),
                    null,
                    from.plusSeconds((long) t)));
        }
    }

    /** Each time the expected close date passes while the opportunity is open, it slips by a month. */
    private LocalDate slip(
            List<OpportunityEvent> events, OpportunityId id, LocalDate expected, Instant from, Instant to) {
        LocalDate current = expected;
        while (true) {
            Instant passed = current.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (!passed.isAfter(from) || !passed.isBefore(to)) {
                if (!passed.isAfter(from)) {
                    current = current.plusDays(30);
                    continue;
                }
                return current;
            }
            current = current.plusDays(30);
            events.add(new OpportunityDetailsUpdated(id, null, null, null, current, null, null, passed));
        }
    }

    private Money money(double logValue, int currency) {
        return new Money(
                BigDecimal.valueOf(Math.exp(logValue)).setScale(2, RoundingMode.HALF_UP),
                java.util.Currency.getInstance(CURRENCIES[currency]));
    }

    private int pick(double[] weights) {
        double u = random.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private StageCode code(int order) {
        return pipeline.stageAt(order).code();
    }

    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    private static LocalDate date(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The logistic function, computed without overflow (the same as the learner's). */
    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
