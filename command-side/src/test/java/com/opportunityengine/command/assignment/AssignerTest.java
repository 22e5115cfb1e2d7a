package com.opportunityengine.command.assignment;

import static com.opportunityengine.command.assignment.AssignmentWorld.T0;
import static com.opportunityengine.command.assignment.AssignmentWorld.teamRule;
import static com.opportunityengine.command.assignment.AssignmentWorld.usersRule;
import static com.opportunityengine.events.assignment.AssignmentStrategy.LEAST_LOADED;
import static com.opportunityengine.events.assignment.AssignmentStrategy.ROUND_ROBIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.assignment.PassOverReason;
import com.opportunityengine.events.assignment.PassedOver;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.security.Role;
import com.opportunityengine.testing.EmbeddedMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The assignment rules and strategies, on the real stores (users, rules, turns, ledger) over an embedded MongoDB. */
class AssignerTest {

    /** One server for the class and its nested classes (a registered extension would stop it after the first). */
    private static final EmbeddedMongo MONGO = new EmbeddedMongo();

    private static final CustomerId CUSTOMER = CustomerId.of("00000000-0000-0000-0000-0000000000c1");
    private static final Money TEN_K = Money.of("10000", "CNY");
    private AssignmentWorld world;

    @BeforeEach
    void setUp() {
        world = new AssignmentWorld(MONGO.database("assigner"))
                .rep("ann", "east")
                .rep("bob", "east")
                .rep("cai", "east");
    }

    private static AssignmentSubject subject(String source, Money amount, Instant at) {
        return new AssignmentSubject("default", source, amount, CUSTOMER, at, null);
    }

    private Assignment assign() {
        return world.assigner().assign(subject("web", TEN_K, T0));
    }

    private List<String> owners(int count) {
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            owners.add(assign().ownerId().toString());
        }
        return owners;
    }

    @Nested
    class Rules {

        @Test
        void firstMatchingRuleWinsAndADefaultTakesTheRest() {
            world.rep("dan", "west")
                    .rules(
                            usersRule(
                                    "big",
                                    new RuleMatch(null, null, null, null, null, Money.of("50000", "CNY"), null),
                                    ROUND_ROBIN,
                                    "dan"),
                            teamRule("rest", "east", ROUND_ROBIN));
            Assigner assigner = world.assigner();
            assertThat(assigner.assign(subject("web", Money.of("80000", "CNY"), T0))
                            .decision()
                            .ruleId())
                    .isEqualTo("big");
            assertThat(assigner.assign(subject("web", Money.of("49999.99", "CNY"), T0))
                            .decision()
                            .ruleId())
                    .isEqualTo("rest");
        }

        @Test
        void matchesSourcePipelineAndAmountBoundsInTheirCurrency() {
            RuleMatch match = new RuleMatch(
                    "default", "Trade-Show", null, null, null, Money.of("1000", "CNY"), Money.of("20000", "CNY"));
            world.rules(usersRule("fair", match, ROUND_ROBIN, "ann"));
            Assigner assigner = world.assigner();
            assertThat(assigner.assign(subject("trade-show", TEN_K, T0)).ownerId())
                    .isEqualTo(UserId.of("ann"));
            for (AssignmentSubject miss : List.of(
                    subject("web", TEN_K, T0),
                    subject("trade-show", Money.of("20000", "CNY"), T0),
                    subject("trade-show", Money.of("999", "CNY"), T0),
                    subject("trade-show", Money.of("10000", "USD"), T0))) {
                assertThatThrownBy(() -> assigner.assign(miss))
                        .isInstanceOfSatisfying(
                                BusinessRuleException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_ASSIGNEE));
            }
        }

        @Test
        void matchesTheCustomersRegionIndustryAndSize() {
            world.customers(Map.of(CUSTOMER.toString(), new CustomerTraits("North", "Retail", "enterprise")))
                    .rep("dan", "west")
                    .rules(
                            usersRule(
                                    "north-retail",
                                    new RuleMatch(null, null, "north", "retail", "Enterprise", null, null),
                                    ROUND_ROBIN,
                                    "dan"),
                            teamRule("rest", "east", ROUND_ROBIN));
            assertThat(assign().decision().ruleId()).isEqualTo("north-retail");
            world.customers(Map.of(CUSTOMER.toString(), new CustomerTraits("South", "Retail", "enterprise")));
            assertThat(assign().decision().ruleId()).isEqualTo("rest");
        }

        @Test
        void noMatchingRuleIsNoAssignee() {
            assertThatThrownBy(AssignerTest.this::assign)
                    .isInstanceOfSatisfying(
                            BusinessRuleException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_ASSIGNEE));
        }

        @Test
        void withAQueueOwnerWhatNoRuleTakesGoesToTheQueueRecordedAsQueued() {
            world.queueOwner("triage").rules(teamRule("east", "east", ROUND_ROBIN));
            world.deactivated("ann").deactivated("bob").deactivated("cai");
            Assignment assignment = assign();
            assertThat(assignment.ownerId()).isEqualTo(UserId.of("triage"));
            assertThat(assignment.decision().queued()).isTrue();
            assertThat(assignment.decision().ruleId()).isEqualTo("east");
        }

        @Test
        void aNewVersionAppliesToWhatIsAssignedAfterIt() {
            world.rep("dan", "west").rules(teamRule("east", "east", ROUND_ROBIN));
            Assigner assigner = world.assigner();
            assertThat(assigner.assign(subject("web", TEN_K, T0)).decision().ruleVersion())
                    .isEqualTo(1L);
            world.rules(teamRule("west", "west", ROUND_ROBIN));
            Assignment after = assigner.assign(subject("web", TEN_K, T0));
            assertThat(after.decision().ruleVersion()).isEqualTo(2L);
            assertThat(after.ownerId()).isEqualTo(UserId.of("dan"));
        }
    }

    @Nested
    class Eligibility {

        @Test
        void everyoneElseIsRecordedWithWhyTheyWerePassedOver() {
            world.user("eve", "east", Role.ANALYST)
                    .rep("fay", "east")
                    .rep("gus", "west")
                    .deactivated("bob")
                    .absent("cai", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)))
                    .capacity("fay", 1)
                    .owns("fay", "o-1")
                    .rules(usersRule(
                            "named", RuleMatch.ANY, ROUND_ROBIN, "ann", "bob", "cai", "eve", "fay", "gus", "zed"));
            // gus is a user outside any team restriction here: a rule by user ids does not check teams
            Assignment first = assign();
            AssignmentDecision decision = first.decision();
            assertThat(first.ownerId()).isEqualTo(UserId.of("ann"));
            assertThat(decision.candidates())
                    .extracting(UserId::toString)
                    .containsExactly("ann", "bob", "cai", "eve", "fay", "gus", "zed");
            assertThat(decision.passedOver())
                    .containsExactly(
                            new PassedOver(UserId.of("bob"), PassOverReason.DEACTIVATED),
                            new PassedOver(UserId.of("cai"), PassOverReason.ABSENT),
                            new PassedOver(UserId.of("eve"), PassOverReason.NO_SALES_ROLE),
                            new PassedOver(UserId.of("fay"), PassOverReason.AT_CAPACITY),
                            new PassedOver(UserId.of("gus"), PassOverReason.NOT_CHOSEN),
                            new PassedOver(UserId.of("zed"), PassOverReason.DEACTIVATED));
            assertThat(decision.turn()).isEqualTo(1L);
            assertThat(decision.tieBreak()).contains("round robin turn 1");
            assertThat(assign().ownerId()).isEqualTo(UserId.of("gus"));
        }

        @Test
        void anAbsenceCoversFromItsStartUpToItsEnd() {
            world.absent("ann", T0, T0.plus(Duration.ofHours(8)))
                    .rules(usersRule("ann-only", RuleMatch.ANY, ROUND_ROBIN, "ann"));
            Assigner assigner = world.assigner();
            assertThatThrownBy(() -> assigner.assign(subject("web", TEN_K, T0)))
                    .isInstanceOf(BusinessRuleException.class);
            assertThat(assigner.assign(subject("web", TEN_K, T0.plus(Duration.ofHours(8))))
                            .ownerId())
                    .isEqualTo(UserId.of("ann"));
            assertThat(assigner.assign(subject("web", TEN_K, T0.minusSeconds(1)))
                            .ownerId())
                    .isEqualTo(UserId.of("ann"));
        }

        @Test
        void aTeamRuleTakesTheTeamAsItIsNow() {
            world.rep("dan", "west").rules(teamRule("west", "west", ROUND_ROBIN));
            assertThat(assign().decision().candidates()).containsExactly(UserId.of("dan"));
        }
    }

    @Nested
    class RoundRobin {

        @Test
        void takesTurnsInUserIdOrderContinuingAfterTheLastTurn() {
            world.rules(teamRule("east", "east", ROUND_ROBIN));
            assertThat(owners(5)).containsExactly("ann", "bob", "cai", "ann", "bob");
            // a fresh assigner (another node, a restart) continues where the rule stopped: the turns are in the store
            assertThat(world.assigner().assign(subject("web", TEN_K, T0)).ownerId())
                    .isEqualTo(UserId.of("cai"));
        }

        @Test
        void skipsWhoIsUnavailableAndGoesOnFromThere() {
            world.rules(teamRule("east", "east", ROUND_ROBIN));
            assertThat(owners(1)).containsExactly("ann");
            world.absent("bob", T0.minusSeconds(60), T0.plusSeconds(60));
            assertThat(owners(3)).containsExactly("cai", "ann", "cai");
        }

        @Test
        void twoNodesAssigningAtOnceNeverTakeTheSameTurn() throws Exception {
            world.rules(teamRule("east", "east", ROUND_ROBIN));
            int perNode = 60;
            String address = MONGO.client()
                    .getClusterDescription()
                    .getClusterSettings()
                    .getHosts()
                    .get(0)
                    .toString();
            try (MongoClient second = MongoClients.create("mongodb://" + address)) {
                AssignmentWorld other = new AssignmentWorld(second.getDatabase("assigner"));
                List<Assigner> nodes = List.of(world.assigner(), other.assigner());
                ExecutorService pool = Executors.newFixedThreadPool(4);
                CountDownLatch start = new CountDownLatch(1);
                ConcurrentLinkedQueue<Long> turns = new ConcurrentLinkedQueue<>();
                List<Future<?>> work = new ArrayList<>();
                for (int thread = 0; thread < 4; thread++) {
                    Assigner node = nodes.get(thread % 2);
                    work.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perNode / 2; i++) {
                            turns.add(node.assign(subject("web", TEN_K, T0))
                                    .decision()
                                    .turn());
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : work) {
                    future.get(2, TimeUnit.MINUTES);
                }
                pool.shutdown();
                List<Long> taken = new ArrayList<>(turns);
                Collections.sort(taken);
                assertThat(taken).hasSize(2 * perNode).doesNotHaveDuplicates();
                assertThat(taken.get(taken.size() - 1)).isEqualTo(2L * perNode);
                List<String> history = world.turns.history("east");
                Map<String, Integer> counts = new HashMap<>();
                history.forEach(user -> counts.merge(user, 1, Integer::sum));
                assertThat(counts).containsOnlyKeys("ann", "bob", "cai");
                assertThat(counts.values())
                        .allSatisfy(count -> assertThat(count).isEqualTo(2 * perNode / 3));
            }
        }
    }

    @Nested
    class LeastLoaded {

        @Test
        void takesTheMemberWithTheFewestOpenTiesToTheLowestId() {
            world.owns("ann", "o-1")
                    .owns("ann", "o-2")
                    .owns("bob", "o-3")
                    .rules(teamRule("east", "east", LEAST_LOADED));
            Assignment first = assign();
            assertThat(first.ownerId()).isEqualTo(UserId.of("cai"));
            assertThat(first.decision().turn()).isNull();
            assertThat(first.decision().tieBreak()).contains("least loaded: 0 open");
            world.owns("cai", "o-4");
            assertThat(assign().ownerId()).isEqualTo(UserId.of("bob"));
        }

        @Test
        void closedOpportunitiesDoNotCount() {
            world.owns("ann", "o-1").owns("bob", "o-2").rules(teamRule("east", "east", LEAST_LOADED));
            world.owns("cai", "o-3").owns("cai", "o-4");
            world.open.closed("o-3");
            world.open.closed("o-4");
            assertThat(assign().ownerId()).isEqualTo(UserId.of("cai"));
        }
    }

    /**
     * Over random arrival sequences (seeded: each repetition its own seed, printed on failure), with members
     * coming and going (absences, capacity reached), round robin gives the members that were eligible for the
     * whole run counts within one of each other, and never gives anyone an opportunity while they are absent or
     * at capacity.
     */
    @RepeatedTest(25)
    void roundRobinIsFairAndNeverGivesToTheAbsentOrFull(RepetitionInfo repetition) {
        long seed = 17_000L + repetition.getCurrentRepetition();
        Random random = new Random(seed);
        world = new AssignmentWorld(MONGO.database("property"));
        List<String> members = new ArrayList<>();
        int size = 2 + random.nextInt(5);
        for (int i = 0; i < size; i++) {
            String id = "rep-" + (char) ('a' + i);
            members.add(id);
            world.rep(id, "team");
        }
        // some members are sometimes away, some have a small capacity; the rest are always eligible
        Map<String, Instant[]> away = new HashMap<>();
        Map<String, Integer> capacity = new HashMap<>();
        for (String member : members.subList(1, members.size())) {
            int kind = random.nextInt(3);
            if (kind == 1) {
                Instant from = T0.plus(Duration.ofMinutes(random.nextInt(200)));
                Instant to = from.plus(Duration.ofMinutes(1 + random.nextInt(200)));
                world.absent(member, from, to);
                away.put(member, new Instant[] {from, to});
            } else if (kind == 2) {
                int max = 1 + random.nextInt(5);
                world.capacity(member, max);
                capacity.put(member, max);
            }
        }
        world.rules(teamRule("fair", "team", ROUND_ROBIN));
        Assigner assigner = world.assigner();
        Map<String, Integer> counts = new HashMap<>();
        int arrivals = 20 + random.nextInt(60);
        for (int i = 0; i < arrivals; i++) {
            Instant at = T0.plus(Duration.ofMinutes(random.nextInt(400)));
            String owner = assigner.assign(subject("web", TEN_K, at)).ownerId().toString();
            Instant[] absence = away.get(owner);
            assertThat(absence == null || at.isBefore(absence[0]) || !at.isBefore(absence[1]))
                    .as("seed %d: %s got one while absent at %s", seed, owner, at)
                    .isTrue();
            int owned = counts.merge(owner, 1, Integer::sum);
            assertThat(owned)
                    .as("seed %d: %s over capacity", seed, owner)
                    .isLessThanOrEqualTo(capacity.getOrDefault(owner, Integer.MAX_VALUE));
            world.open.opened("o-" + seed + "-" + i, owner, at);
        }
        List<Integer> alwaysEligible = members.stream()
                .filter(member -> !away.containsKey(member) && !capacity.containsKey(member))
                .map(member -> counts.getOrDefault(member, 0))
                .toList();
        assertThat(Collections.max(alwaysEligible) - Collections.min(alwaysEligible))
                .as("seed %d: counts %s", seed, counts)
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aSetOfRolesWithoutSalesIsNeverACandidate() {
        world.user("mia", "east", Role.SALES_MANAGER, Role.ADMIN)
                .user("ops", "east", Role.ADMIN, Role.SERVICE)
                .rules(teamRule("east", "east", LEAST_LOADED));
        world.owns("ann", "1").owns("bob", "2").owns("cai", "3");
        Assignment assignment = assign();
        assertThat(assignment.ownerId()).isEqualTo(UserId.of("mia"));
        assertThat(assignment.decision().passedOver())
                .contains(new PassedOver(UserId.of("ops"), PassOverReason.NO_SALES_ROLE));
        assertThat(Set.copyOf(assignment.decision().candidates())).hasSize(5);
    }
}
