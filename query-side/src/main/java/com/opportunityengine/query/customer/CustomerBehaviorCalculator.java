package com.opportunityengine.query.customer;

import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Customer behaviour statistics over the customer's opportunities; pure arithmetic, business time throughout. */
final class CustomerBehaviorCalculator {

    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    private CustomerBehaviorCalculator() {}

    static CustomerBehavior compute(String customerId, String name, List<CustomerOpportunityState> opportunities) {
        long open = count(opportunities, OpportunityStatus.OPEN);
        long won = count(opportunities, OpportunityStatus.WON);
        long lost = count(opportunities, OpportunityStatus.LOST);
        Double winRate = won + lost == 0 ? null : round((double) won / (won + lost), 4);

        List<ContactRecord> contacts = new ArrayList<>();
        opportunities.forEach(o -> contacts.addAll(o.contacts));
        contacts.sort(Comparator.comparing(ContactRecord::occurredAt));
        Map<String, Long> byChannel = new LinkedHashMap<>();
        for (ContactChannel channel : ContactChannel.values()) {
            byChannel.put(
                    channel.name(),
                    contacts.stream().filter(c -> c.channel() == channel).count());
        }
        Map<String, Long> byDirection = new LinkedHashMap<>();
        for (ContactDirection direction : ContactDirection.values()) {
            byDirection.put(
                    direction.name(),
                    contacts.stream().filter(c -> c.direction() == direction).count());
        }

        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < contacts.size(); i++) {
            gaps.add(days(contacts.get(i - 1).occurredAt(), contacts.get(i).occurredAt()));
        }
        List<Double> cycles = opportunities.stream()
                .filter(o -> o.status != OpportunityStatus.OPEN && o.closedAt != null && o.createdAt != null)
                .map(o -> days(o.createdAt, o.closedAt))
                .toList();
        Instant lastActivity = opportunities.stream()
                .map(o -> o.lastActivityAt)
                .filter(a -> a != null)
                .max(Comparator.naturalOrder())
                .orElse(null);
        return new CustomerBehavior(
                customerId,
                name,
                new OpportunityCounts(opportunities.size(), open, won, lost),
                winRate,
                new ContactStatistics(contacts.size(), byChannel, byDirection),
                gaps.isEmpty() ? null : round(median(gaps), 2),
                cycles.isEmpty()
                        ? null
                        : round(
                                cycles.stream()
                                        .mapToDouble(Double::doubleValue)
                                        .average()
                                        .orElseThrow(),
                                2),
                lastActivity);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static long count(List<CustomerOpportunityState> opportunities, OpportunityStatus status) {
        return opportunities.stream().filter(o -> o.status == status).count();
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / MILLIS_PER_DAY;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
