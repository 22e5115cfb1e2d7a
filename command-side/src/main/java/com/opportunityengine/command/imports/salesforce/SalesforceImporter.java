package com.opportunityengine.command.imports.salesforce;

import com.opportunityengine.command.web.InputLimits;
import com.opportunityengine.events.common.Ids;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.events.opportunity.UpdateForecast;
import com.opportunityengine.events.opportunity.UpdateOpportunityDetails;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.platform.input.Decimals;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Turns a Salesforce export (Opportunity.csv and OpportunityHistory.csv) into the commands that replay it with their
 * original business times. Columns are found by their standard names; other columns are ignored. Messy exports are
 * normal: history rows may come in any order, skip stages, move back, change nothing, or start at a late stage;
 * amounts may be in several currencies. Rows that cannot be used are listed with the reason, never fatal.
 *
 * <p>Per opportunity: CreateOpportunity with the earliest known state (the first history row, else the opportunity
 * row) at min(CreatedDate, first history time); then, per history row in time order, UpdateOpportunityDetails for a
 * changed amount or close date, UpdateForecast for a {@code Probability} (a percent, rounded to a whole one) or
 * {@code ForecastCategory} that differs from the last one imported (the first one given included: what the person had
 * set, known from that row's time on), and AdvanceStage (forward or back), MarkLost, Reopen or ConvertToDeal for a changed
 * stage; finally whatever brings it to the state the opportunity row says it is in. A deal created already closed
 * is created at the pipeline's last stage (won) or first stage (lost) and closed at once. Times never decrease per
 * opportunity and are never after {@code now}. Ids are name-based UUIDs of the source ids, so a second import of the
 * same files targets the same aggregates.
 */
public final class SalesforceImporter {

    static final String OPPORTUNITIES = "Opportunity.csv";
    static final String HISTORY = "OpportunityHistory.csv";
    static final String BACKWARD_REASON = "imported from Salesforce history";
    private static final String DEFAULT_CURRENCY = "USD";
    /**
     * The owner of an imported opportunity whose {@code OwnerId} is absent, malformed or names no user of the engine
     * (a Salesforce user id the engine does not know): the import registers it as a user (no roles) when it is used.
     */
    public static final UserId IMPORT_OWNER = UserId.of("salesforce-import");

    private final StageMapping mapping;
    private final Instant now;
    private final Predicate<UserId> knownUser;
    private final List<RejectedRow> rejected = new ArrayList<>();
    private long rowsRead;

    private SalesforceImporter(StageMapping mapping, Instant now, Predicate<UserId> knownUser) {
        this.mapping = mapping;
        this.now = now;
        this.knownUser = knownUser;
    }

    /** The plan with every well-formed {@code OwnerId} kept as the owner. */
    public static SalesforceImportPlan plan(Reader opportunities, Reader history, StageMapping mapping, Instant now) {
        return plan(opportunities, history, mapping, now, user -> true);
    }

    /**
     * The plan: an {@code OwnerId} that {@code knownUser} accepts is the owner, any other (absent, malformed, unknown)
     * becomes {@link #IMPORT_OWNER}.
     */
    public static SalesforceImportPlan plan(
            Reader opportunities, Reader history, StageMapping mapping, Instant now, Predicate<UserId> knownUser) {
        return new SalesforceImporter(mapping, now, knownUser).run(opportunities, history);
    }

    private record Source(
            long line,
            String id,
            String name,
            String accountId,
            StageTarget stage,
            Money amount,
            LocalDate closeDate,
            Instant createdAt,
            Boolean closed,
            Boolean won,
            String leadSource,
            UserId owner) {}

    private record Change(
            long line,
            Instant at,
            StageTarget stage,
            BigDecimal amount,
            LocalDate closeDate,
            Integer probability,
            ForecastCategory forecastCategory) {}

    private SalesforceImportPlan run(Reader opportunities, Reader history) {
        Map<String, Source> sources = new LinkedHashMap<>();
        for (CSVRecord r : records(opportunities)) {
            rowsRead++;
            try {
                Source s = source(r);
                if (sources.putIfAbsent(s.id, s) != null) {
                    reject(OPPORTUNITIES, r, "duplicate opportunity Id " + s.id);
                }
            } catch (IllegalArgumentException e) {
                reject(OPPORTUNITIES, r, e.getMessage());
            }
        }
        Map<String, List<Change>> changes = new HashMap<>();
        for (CSVRecord r : records(history)) {
            rowsRead++;
            try {
                String id = bounded(required(r, "OpportunityId"), "OpportunityId", InputLimits.EXTERNAL_ID);
                Source s = sources.get(id);
                if (s == null) {
                    throw new IllegalArgumentException("history for an unknown opportunity " + id);
                }
                changes.computeIfAbsent(id, k -> new ArrayList<>()).add(change(r));
            } catch (IllegalArgumentException e) {
                reject(HISTORY, r, e.getMessage());
            }
        }
        List<ImportedOpportunity> imported = new ArrayList<>();
        Map<String, RegisterCustomer> customers = new LinkedHashMap<>();
        for (Source s : sources.values()) {
            List<Change> rows = changes.getOrDefault(s.id, new ArrayList<>());
            rows.sort(Comparator.comparing(Change::at).thenComparingLong(Change::line));
            imported.add(new Replay(s).commands(rows));
            if (s.accountId != null) {
                customers.putIfAbsent(
                        s.accountId,
                        new RegisterCustomer(
                                customerId(s.accountId),
                                "Salesforce account " + s.accountId,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                s.createdAt));
            }
        }
        rejected.sort(Comparator.comparing(RejectedRow::file).thenComparingLong(RejectedRow::line));
        return new SalesforceImportPlan(rowsRead, List.copyOf(customers.values()), imported, List.copyOf(rejected));
    }

    private Source source(CSVRecord r) {
        String id = bounded(required(r, "Id"), "Id", InputLimits.EXTERNAL_ID);
        Instant created = time(r, "CreatedDate");
        StageTarget stage = stage(r);
        if (stage == null) {
            throw new IllegalArgumentException("no StageName");
        }
        String currencyCode = field(r, "CurrencyIsoCode");
        Currency currency;
        try {
            currency = Currency.getInstance(
                    currencyCode == null ? DEFAULT_CURRENCY : currencyCode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown currency '" + currencyCode + "'");
        }
        BigDecimal amount = amount(r);
        String owner = field(r, "OwnerId");
        UserId ownerId = IMPORT_OWNER;
        if (owner != null) {
            try {
                UserId named = UserId.of(owner);
                if (knownUser.test(named)) {
                    ownerId = named;
                }
            } catch (IllegalArgumentException e) {
                // a malformed OwnerId: the import's owner, like an unknown one
            }
        }
        return new Source(
                line(r),
                id,
                bounded(field(r, "Name"), "Name", InputLimits.TITLE),
                bounded(field(r, "AccountId"), "AccountId", InputLimits.EXTERNAL_ID),
                stage,
                new Money(amount == null ? BigDecimal.ZERO : amount, currency),
                date(r, "CloseDate"),
                created,
                bool(r, "IsClosed"),
                bool(r, "IsWon"),
                bounded(field(r, "LeadSource"), "LeadSource", InputLimits.SOURCE),
                ownerId);
    }

    private Change change(CSVRecord r) {
        return new Change(
                line(r),
                time(r, "CreatedDate"),
                stage(r),
                amount(r),
                date(r, "CloseDate"),
                probability(r),
                forecastCategory(r));
    }

    /** Replays one opportunity, keeping the state its commands have reached. */
    private final class Replay {
        private final Source s;
        private final OpportunityId id;
        private final List<Object> commands = new ArrayList<>();
        private StageTarget.Outcome status = StageTarget.Outcome.OPEN;
        private StageCode stage;
        private Money amount;
        private LocalDate closeDate;
        /** The forecast last imported (sent while open), null until one is. */
        private Integer probability;

        private ForecastCategory forecastCategory;
        private Instant cursor;

        Replay(Source s) {
            this.s = s;
            this.id = new OpportunityId(Ids.nameBased("salesforce-opportunity", s.id));
        }

        ImportedOpportunity commands(List<Change> rows) {
            Change first = rows.isEmpty() ? null : rows.get(0);
            cursor = first != null && first.at.isBefore(s.createdAt) ? first.at : s.createdAt;
            StageTarget initial = first != null && first.stage != null ? first.stage : s.stage;
            amount = first != null && first.amount != null ? money(first.amount) : s.amount;
            closeDate = first != null && first.closeDate != null ? first.closeDate : s.closeDate;
            Pipeline pipeline = mapping.pipeline();
            stage = initial.isOpen()
                    ? initial.stage()
                    : initial.outcome() == StageTarget.Outcome.WON
                            ? pipeline.stageAt(pipeline.stages().size()).code()
                            : pipeline.first().code();
            commands.add(new CreateOpportunity(
                    id,
                    s.name == null ? "Salesforce opportunity " + s.id : s.name,
                    null,
                    s.accountId == null ? null : customerId(s.accountId),
                    s.leadSource == null ? "salesforce" : s.leadSource,
                    amount,
                    closeDate,
                    s.owner,
                    pipeline.id(),
                    stage,
                    List.of(),
                    cursor));
            if (first != null) {
                moveTo(initial, null);
            }
            for (Change c : rows) {
                if (status == StageTarget.Outcome.WON) {
                    rejected.add(new RejectedRow(HISTORY, c.line, "change after the opportunity was won"));
                    continue;
                }
                cursor = c.at.isAfter(cursor) ? c.at : cursor;
                details(c.amount == null ? null : money(c.amount), c.closeDate);
                forecast(c.probability, c.forecastCategory);
                if (c.stage != null) {
                    moveTo(c.stage, c);
                    // a row that reopens a loss: its forecast follows the reopening
                    forecast(c.probability, c.forecastCategory);
                }
            }
            finish();
            return new ImportedOpportunity(s.id, id, List.copyOf(commands), s.line);
        }

        private void finish() {
            if (status == StageTarget.Outcome.WON) {
                return;
            }
            StageTarget target = s.stage;
            if (Boolean.TRUE.equals(s.closed)) {
                target = Boolean.TRUE.equals(s.won) ? StageTarget.WON : StageTarget.LOST;
            } else if (Boolean.FALSE.equals(s.closed) && !target.isOpen()) {
                target = new StageTarget(StageTarget.Outcome.OPEN, stage);
            }
            details(s.amount.value().signum() == 0 && amount.value().signum() != 0 ? null : s.amount, s.closeDate);
            if (!target.isOpen() && s.closeDate != null) {
                Instant close = s.closeDate.atStartOfDay().toInstant(ZoneOffset.UTC);
                if (close.isAfter(cursor) && !close.isAfter(now)) {
                    cursor = close;
                }
            }
            moveTo(target, null);
        }

        private void details(Money newAmount, LocalDate newCloseDate) {
            Money changedAmount = newAmount != null
                            && (newAmount.value().compareTo(amount.value()) != 0
                                    || !newAmount.currency().equals(amount.currency()))
                    ? newAmount
                    : null;
            LocalDate changedDate = newCloseDate != null && !newCloseDate.equals(closeDate) ? newCloseDate : null;
            if (changedAmount == null && changedDate == null) {
                return;
            }
            if (changedAmount != null) {
                amount = changedAmount;
            }
            if (changedDate != null) {
                closeDate = changedDate;
            }
            if (status == StageTarget.Outcome.OPEN) {
                commands.add(new UpdateOpportunityDetails(
                        id, null, null, changedAmount, changedDate, null, null, cursor, null));
            }
        }

        /**
         * What the person had set at this row's time, before the row's stage move (a Closed Won row's 100 is recorded
         * while the opportunity is still open); only the fields that differ from the last ones imported, and only
         * while open (a closed opportunity takes no forecast; after a reopening the next row's forecast is sent).
         */
        private void forecast(Integer newProbability, ForecastCategory newCategory) {
            if (status != StageTarget.Outcome.OPEN) {
                return;
            }
            Integer changedProbability =
                    newProbability != null && !newProbability.equals(probability) ? newProbability : null;
            ForecastCategory changedCategory =
                    newCategory != null && newCategory != forecastCategory ? newCategory : null;
            if (changedProbability == null && changedCategory == null) {
                return;
            }
            if (changedProbability != null) {
                probability = changedProbability;
            }
            if (changedCategory != null) {
                forecastCategory = changedCategory;
            }
            commands.add(new UpdateForecast(id, changedProbability, changedCategory, cursor, null));
        }

        private void moveTo(StageTarget target, Change row) {
            switch (target.outcome()) {
                case OPEN -> {
                    if (status == StageTarget.Outcome.LOST) {
                        commands.add(new Reopen(id, "reopened in Salesforce history", target.stage(), cursor, null));
                        status = StageTarget.Outcome.OPEN;
                        stage = target.stage();
                    } else if (!target.stage().equals(stage)) {
                        Pipeline p = mapping.pipeline();
                        boolean backward = p.order(target.stage()) < p.order(stage);
                        commands.add(
                                new AdvanceStage(id, target.stage(), backward ? BACKWARD_REASON : null, cursor, null));
                        stage = target.stage();
                    }
                }
                case LOST -> {
                    if (status == StageTarget.Outcome.OPEN) {
                        commands.add(new MarkLost(id, "Closed Lost in Salesforce", null, cursor, null));
                        status = StageTarget.Outcome.LOST;
                    }
                }
                case WON -> {
                    if (status == StageTarget.Outcome.LOST) {
                        commands.add(new Reopen(id, "reopened in Salesforce history", stage, cursor, null));
                    }
                    commands.add(new ConvertToDeal(
                            id,
                            new DealId(Ids.nameBased("salesforce-deal", s.id)),
                            amount,
                            closeDate != null
                                    ? closeDate
                                    : cursor.atZone(ZoneOffset.UTC).toLocalDate(),
                            cursor,
                            null));
                    status = StageTarget.Outcome.WON;
                }
                default -> throw new IllegalStateException();
            }
        }

        private Money money(BigDecimal value) {
            return new Money(value, s.amount.currency());
        }
    }

    private static CustomerId customerId(String accountId) {
        return new CustomerId(Ids.nameBased("salesforce-account", accountId));
    }

    // ---- fields ---------------------------------------------------------------------------------------------------

    private StageTarget stage(CSVRecord r) {
        String name = field(r, "StageName");
        if (name == null) {
            return null;
        }
        return mapping.map(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown stage '" + name + "' with no mapping"));
    }

    private Instant time(CSVRecord r, String column) {
        Instant t = SalesforceTimes.instant(required(r, column));
        if (t.isAfter(now)) {
            throw new IllegalArgumentException(column + " " + t + " is in the future");
        }
        return t;
    }

    private static LocalDate date(CSVRecord r, String column) {
        String v = field(r, column);
        if (v == null) {
            return null;
        }
        try {
            return SalesforceTimes.date(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unparseable " + column + " '" + v + "'");
        }
    }

    /**
     * The Amount column, held to the rule an HTTP request's amount keeps ({@link Decimals} where the text becomes a
     * number, then {@link InputLimits#isAmount}); a thousands separator ',' is allowed.
     */
    private static BigDecimal amount(CSVRecord r) {
        String v = field(r, "Amount");
        if (v == null) {
            return null;
        }
        BigDecimal amount;
        try {
            amount = Decimals.parse(v.replace(",", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    v.length() > Decimals.MAX_LENGTH
                            ? "unparseable Amount: " + e.getMessage()
                            : "unparseable Amount '" + v + "'");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("negative Amount " + v);
        }
        if (!InputLimits.isAmount(amount)) {
            throw new IllegalArgumentException("Amount " + v + " " + InputLimits.AMOUNT_RULE);
        }
        return amount;
    }

    /**
     * The Probability column: a percent from 0 to 100 (Salesforce exports it as {@code 75} or {@code 75.0}), rounded
     * to a whole percent; null when absent.
     */
    private static Integer probability(CSVRecord r) {
        String v = field(r, "Probability");
        if (v == null) {
            return null;
        }
        BigDecimal percent;
        try {
            percent = Decimals.parse(
                    v.endsWith("%") ? v.substring(0, v.length() - 1).strip() : v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    v.length() > Decimals.MAX_LENGTH
                            ? "unparseable Probability"
                            : "unparseable Probability '" + v + "'");
        }
        if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("Probability " + v + " is not a percent from 0 to 100");
        }
        return percent.setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /**
     * The ForecastCategory column, by its API name or its label: Pipeline, BestCase / Best Case, Forecast / Commit,
     * Omitted, Closed (case and spaces do not matter); null when absent.
     */
    private static ForecastCategory forecastCategory(CSVRecord r) {
        String v = field(r, "ForecastCategory");
        if (v == null) {
            return null;
        }
        String key = v.replace(" ", "").replace("_", "").toLowerCase(Locale.ROOT);
        return switch (key) {
            case "pipeline" -> ForecastCategory.PIPELINE;
            case "bestcase" -> ForecastCategory.BEST_CASE;
            case "forecast", "commit" -> ForecastCategory.COMMIT;
            case "omitted" -> ForecastCategory.OMITTED;
            case "closed" -> ForecastCategory.CLOSED;
            default ->
                throw new IllegalArgumentException(
                        "unknown ForecastCategory '" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'");
        };
    }

    /** The value, refused when longer than an HTTP request may send it (the reason does not repeat the value). */
    private static String bounded(String value, String column, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(
                    column + " is " + value.length() + " characters long; at most " + max + " are accepted");
        }
        return value;
    }

    private static Boolean bool(CSVRecord r, String column) {
        String v = field(r, column);
        if (v == null) {
            return null;
        }
        return v.equalsIgnoreCase("true") || v.equals("1");
    }

    private static String required(CSVRecord r, String column) {
        String v = field(r, column);
        if (v == null) {
            throw new IllegalArgumentException("no " + column);
        }
        return v;
    }

    /** A column's trimmed value, null when absent or blank; header names match case-insensitively. */
    private static String field(CSVRecord r, String column) {
        Map<String, Integer> header = r.getParser().getHeaderMap();
        Integer index = header.get(column);
        if (index == null) {
            for (Map.Entry<String, Integer> e : header.entrySet()) {
                if (e.getKey() != null && e.getKey().strip().equalsIgnoreCase(column)) {
                    index = e.getValue();
                    break;
                }
            }
        }
        if (index == null || index >= r.size()) {
            return null;
        }
        String v = r.get(index).strip();
        return v.isEmpty() ? null : v;
    }

    private static long line(CSVRecord r) {
        return r.getRecordNumber() + 1;
    }

    private void reject(String file, CSVRecord r, String reason) {
        rejected.add(new RejectedRow(file, line(r), reason));
    }

    private static List<CSVRecord> records(Reader reader) {
        try {
            PushbackReader in = new PushbackReader(reader, 1);
            int c = in.read();
            if (c != -1 && c != '\uFEFF') {
                in.unread(c);
            }
            CSVParser parser = CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setAllowMissingColumnNames(true)
                    .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                    .setIgnoreEmptyLines(true)
                    .get()
                    .parse(in);
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
