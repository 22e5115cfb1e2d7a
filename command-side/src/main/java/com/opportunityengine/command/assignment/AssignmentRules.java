package com.opportunityengine.command.assignment;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.opportunityengine.events.assignment.AssignmentStrategy;
import com.opportunityengine.events.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The versions of the assignment rules, in the store's {@code assignment_rules} collection: one document
 * per version ({@code _id} = version, 1, 2, ...), never changed once written. A new version is inserted
 * under the next number; two admins defining at once cannot both take it (the unique {@code _id} refuses
 * the second, which takes the number after). The current set is the highest version.
 */
public class AssignmentRules {

    static final String COLLECTION = "assignment_rules";

    private final MongoCollection<Document> versions;

    public AssignmentRules(MongoDatabase database) {
        this.versions = database.getCollection(COLLECTION);
    }

    public RuleSet current() {
        Document latest = versions.find().sort(Sorts.descending("_id")).limit(1).first();
        return latest == null ? RuleSet.NONE : toRuleSet(latest);
    }

    public RuleSet version(long version) {
        Document document = versions.find(Filters.eq("_id", version)).first();
        return document == null ? null : toRuleSet(document);
    }

    /** Stores the rules as the next version. */
    public RuleSet define(List<AssignmentRule> rules, Instant at, String by) {
        while (true) {
            long next = current().version() + 1;
            RuleSet set = new RuleSet(next, rules, at, by);
            try {
                versions.insertOne(toDocument(set));
                return set;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    private static Document toDocument(RuleSet set) {
        List<Document> rules = new ArrayList<>();
        for (AssignmentRule rule : set.rules()) {
            RuleMatch match = rule.match();
            rules.add(new Document("ruleId", rule.ruleId())
                    .append(
                            "match",
                            new Document("pipeline", match.pipeline())
                                    .append("source", match.source())
                                    .append("region", match.region())
                                    .append("industry", match.industry())
                                    .append("size", match.size())
                                    .append("amountAtLeast", money(match.amountAtLeast()))
                                    .append("amountBelow", money(match.amountBelow())))
                    .append(
                            "assignTo",
                            new Document("teamId", rule.assignTo().teamId())
                                    .append("userIds", rule.assignTo().userIds()))
                    .append("strategy", rule.strategy().name()));
        }
        return new Document("_id", set.version())
                .append("rules", rules)
                .append("definedAt", Date.from(set.definedAt()))
                .append("definedBy", set.definedBy());
    }

    private static RuleSet toRuleSet(Document document) {
        List<AssignmentRule> rules = new ArrayList<>();
        for (Document rule : document.getList("rules", Document.class)) {
            Document match = rule.get("match", Document.class);
            Document assignTo = rule.get("assignTo", Document.class);
            rules.add(new AssignmentRule(
                    rule.getString("ruleId"),
                    new RuleMatch(
                            match.getString("pipeline"),
                            match.getString("source"),
                            match.getString("region"),
                            match.getString("industry"),
                            match.getString("size"),
                            money(match.get("amountAtLeast", Document.class)),
                            money(match.get("amountBelow", Document.class))),
                    new AssignTo(assignTo.getString("teamId"), assignTo.getList("userIds", String.class)),
                    AssignmentStrategy.valueOf(rule.getString("strategy"))));
        }
        return new RuleSet(
                ((Number) document.get("_id")).longValue(),
                rules,
                document.getDate("definedAt").toInstant(),
                document.getString("definedBy"));
    }

    private static Document money(Money money) {
        return money == null
                ? null
                : new Document("value", money.value().toPlainString())
                        .append("currency", money.currency().getCurrencyCode());
    }

    private static Money money(Document document) {
        return document == null
                ? null
                : new Money(
                        new BigDecimal(document.getString("value")),
                        Currency.getInstance(document.getString("currency")));
    }
}
