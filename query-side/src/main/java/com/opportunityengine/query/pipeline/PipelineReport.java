package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.Stage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums the maintained totals over owners (or keeps one owner) per stage and currency, and weights
 * them with the stage's probability. Weighted amounts are rounded half-up to the currency's minor
 * unit; probabilities leave rounded to 4 decimals.
 */
final class PipelineReport {

    private PipelineReport() {}

    static PipelineView of(
            Pipeline pipeline, List<PipelineTotal> totals, String owner, WinProbabilitySource probabilities) {
        List<PipelineStageView> stages = new ArrayList<>();
        Map<String, BigDecimal> allAmounts = new TreeMap<>();
        Map<String, BigDecimal> allWeighted = new TreeMap<>();
        long allCount = 0;
        for (int order = 1; order <= pipeline.stages().size(); order++) {
            Stage stage = pipeline.stageAt(order);
            String code = stage.code().value();
            double p = probabilities.probability(pipeline, stage);
            BigDecimal probability = BigDecimal.valueOf(p);
            long count = 0;
            Map<String, BigDecimal> amounts = new TreeMap<>();
            for (PipelineTotal t : totals) {
                if (t.stage().equals(code) && (owner == null || owner.equals(t.owner()))) {
                    count += t.count();
                    amounts.merge(t.currency(), t.amount(), BigDecimal::add);
                }
            }
            amounts.values().removeIf(v -> v.signum() == 0);
            Map<String, BigDecimal> weighted = new TreeMap<>();
            amounts.forEach((currency, amount) -> weighted.put(currency, weigh(amount, probability, currency)));
            amounts.forEach((c, a) -> allAmounts.merge(c, a, BigDecimal::add));
            weighted.forEach((c, a) -> allWeighted.merge(c, a, BigDecimal::add));
            allCount += count;
            stages.add(new PipelineStageView(
                    code, stage.name(), order, round4(p), count, money(amounts), money(weighted)));
        }
        return new PipelineView(pipeline.id().value(), owner, stages, allCount, money(allAmounts), money(allWeighted));
    }

    static BigDecimal weigh(BigDecimal amount, BigDecimal probability, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return amount.multiply(probability).setScale(digits, RoundingMode.HALF_UP);
    }

    static List<Money> money(Map<String, BigDecimal> byCurrency) {
        List<Money> list = new ArrayList<>();
        byCurrency.forEach((currency, value) -> list.add(new Money(value, Currency.getInstance(currency))));
        return list;
    }

    private static double round4(double p) {
        return BigDecimal.valueOf(p).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }
}
