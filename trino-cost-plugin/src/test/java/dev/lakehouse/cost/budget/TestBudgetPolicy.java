package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.resourcegroups.ResourceGroupId;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestBudgetPolicy
{
    private static final String POLICY = """
            {
              "timeZone": "Europe/Berlin",
              "currency": "EUR",
              "teams": [
                {
                  "name": "analytics",
                  "resourceGroup": "global.analytics",
                  "budget": {
                    "amount": 500.00,
                    "period": "month",
                    "thresholds": [
                      {"percent": 100, "action": "block"},
                      {"percent": 80, "action": "notify", "webhook": "https://hooks.example.com/budget"},
                      {"percent": 90, "action": "throttle", "hardConcurrencyLimit": 2}
                    ]
                  }
                },
                {
                  "name": "marketing",
                  "user": "mkt_.*",
                  "clientTags": ["marketing"],
                  "budget": {"amount": 25.5, "period": "day", "timeZone": "America/New_York",
                             "thresholds": [{"percent": 100, "action": "throttle", "resourceGroup": "global.low"}]}
                },
                {"name": "everyone-else", "user": ".*"}
              ],
              "guardRails": [
                {"resourceGroup": "global", "sessionProperties": {"query_max_execution_time": "1h"}},
                {"resourceGroup": "global.adhoc", "sessionProperties": {"query_max_scan_physical_bytes": "1TB", "query_max_execution_time": "15m"}}
              ]
            }
            """;

    @Test
    void testParsesTeamsBudgetsAndGuardRails()
    {
        BudgetPolicy policy = parse(POLICY);
        assertThat(policy.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(policy.currency()).isEqualTo("EUR");
        assertThat(policy.teams()).extracting(Team::name).containsExactly("analytics", "marketing", "everyone-else");

        Budget analytics = policy.team("analytics").orElseThrow().budget().orElseThrow();
        assertThat(analytics.amountMicros()).isEqualTo(500_000_000);
        assertThat(analytics.period()).isEqualTo(BudgetPeriod.MONTH);
        assertThat(analytics.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        // sorted by percentage
        assertThat(analytics.thresholds()).extracting(Threshold::percentText).containsExactly("80", "90", "100");
        assertThat(analytics.thresholds().get(1).hardConcurrencyLimit()).isEqualTo(OptionalInt.of(2));

        Budget marketing = policy.team("marketing").orElseThrow().budget().orElseThrow();
        assertThat(marketing.amountMicros()).isEqualTo(25_500_000);
        assertThat(marketing.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(marketing.thresholds().getFirst().resourceGroup()).contains("global.low");

        assertThat(policy.team("everyone-else").orElseThrow().budget()).isEmpty();
    }

    @Test
    void testFirstMatchingTeamWins()
    {
        BudgetPolicy policy = parse(POLICY);
        assertThat(resolve(policy, "alice", ImmutableSet.of(), Optional.of("global.analytics.alice"))).contains("analytics");
        assertThat(resolve(policy, "alice", ImmutableSet.of(), Optional.of("global.analytics"))).contains("analytics");
        // a group that merely starts with the same letters is not under it
        assertThat(resolve(policy, "alice", ImmutableSet.of(), Optional.of("global.analytics2"))).contains("everyone-else");
        // marketing needs both the user and the tag
        assertThat(resolve(policy, "mkt_bob", ImmutableSet.of("marketing", "other"), Optional.of("global.adhoc"))).contains("marketing");
        assertThat(resolve(policy, "mkt_bob", ImmutableSet.of(), Optional.of("global.adhoc"))).contains("everyone-else");
        assertThat(resolve(policy, "mkt_bob", ImmutableSet.of("marketing"), Optional.empty())).contains("marketing");
    }

    @Test
    void testMostSpecificGuardRailWins()
    {
        BudgetPolicy policy = parse(POLICY);
        assertThat(policy.guardRailProperties(List.of("global", "adhoc", "alice"))).isEqualTo(ImmutableMap.of(
                "query_max_scan_physical_bytes", "1TB",
                "query_max_execution_time", "15m"));
        assertThat(policy.guardRailProperties(List.of("global", "etl"))).isEqualTo(ImmutableMap.of("query_max_execution_time", "1h"));
        assertThat(policy.guardRailProperties(List.of("admin"))).isEmpty();
    }

    @Test
    void testEmptyFileObjectIsAnEmptyPolicy()
    {
        BudgetPolicy policy = parse("{}");
        assertThat(policy.teams()).isEmpty();
        assertThat(policy.guardRails()).isEmpty();
        assertThat(policy.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(policy.currency()).isEqualTo("USD");
    }

    @Test
    void testErrorsNameThePlaceAndTheProblem()
    {
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budgett\": {}}]}", "unknown property 'budgett' (at teams[0].budgett)");
        assertInvalid("{\"teams\": [", "line 1, column 12: Unexpected end-of-input");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": \"ten\", \"period\": \"day\"}}]}", "line 1, column 60: Cannot deserialize value of type `java.math.BigDecimal` from String \"ten\"");
        assertInvalid("{\"teams\": [{\"user\": \"x\"}]}", "teams[0] has no name");
        assertInvalid("{\"teams\": [{\"name\": \"a\"}]}", "team 'a' has no criterion: give at least one of resourceGroup, user, userGroup, source, clientTags");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\"}, {\"name\": \"a\", \"user\": \"y\"}]}", "team 'a' is defined twice");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"(\"}]}", "team 'a': user is not a valid regular expression");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 0, \"period\": \"day\"}}]}", "team 'a': the budget amount must be positive, not 0");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"year\"}}]}", "team 'a': unknown period 'year' (day, week or month)");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"timeZone\": \"Mars/Olympus\"}}]}", "team 'a': timeZone: unknown time zone 'Mars/Olympus'");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 100, \"action\": \"kill\"}]}}]}",
                "team 'a', thresholds[0]: unknown action 'kill' (notify, throttle or block)");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 100, \"action\": \"throttle\"}]}}]}",
                "team 'a', thresholds[0]: throttle takes either hardConcurrencyLimit (for the team's groups) or resourceGroup (where new queries go)");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 100, \"action\": \"throttle\", \"hardConcurrencyLimit\": 1}]}}]}",
                "team 'a', thresholds[0]: hardConcurrencyLimit needs a team defined by resourceGroup, whose groups it limits");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 80, \"action\": \"notify\", \"webhook\": \"ftp://x\"}]}}]}",
                "team 'a', thresholds[0]: webhook 'ftp://x' is not an http or https URI");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 100, \"action\": \"block\"}, {\"percent\": 100.0, \"action\": \"block\"}]}}]}",
                "team 'a', thresholds[1]: the 100% block threshold is defined twice");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 80, \"action\": \"notify\", \"cancelRunning\": true}]}}]}",
                "team 'a', thresholds[0]: cancelRunning is an option of a block threshold only, not of notify");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"resourceGroup\": \"g\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 90, \"action\": \"throttle\", \"hardConcurrencyLimit\": 1, \"cancelRunning\": false}]}}]}",
                "team 'a', thresholds[0]: cancelRunning is an option of a block threshold only, not of throttle");
        assertInvalid("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 100, \"action\": \"block\", \"cancelRunning\": \"sometimes\"}]}}]}",
                "line 1, column 148: Cannot deserialize value of type `java.lang.Boolean` from String \"sometimes\": only \"true\" or \"false\" recognized (at teams[0].budget.thresholds[0].cancelRunning)");
        assertInvalid("{\"guardRails\": [{\"resourceGroup\": \"global\", \"sessionProperties\": {\"query_max_memory\": \"1GB\"}}]}",
                "guardRails[0]: 'query_max_memory' is not a per-query limit a guard rail can set");
        assertInvalid("{\"guardRails\": [{\"resourceGroup\": \"global\", \"sessionProperties\": {\"query_max_scan_physical_bytes\": \"lots\"}}]}",
                "guardRails[0]: invalid value 'lots' for query_max_scan_physical_bytes");
        assertInvalid("{\"guardRails\": [{\"resourceGroup\": \"global..x\", \"sessionProperties\": {\"query_max_execution_time\": \"1h\"}}]}",
                "guardRails[0]: 'global..x' is not a resource group id (segments separated by dots)");
    }

    @Test
    void testCancelRunningIsAnOptionOfBlockThresholds()
    {
        BudgetPolicy policy = parse("""
                {"teams": [
                  {"name": "a", "user": "a.*", "budget": {"amount": 1, "period": "day",
                    "thresholds": [{"percent": 100, "action": "block"}, {"percent": 120, "action": "block", "cancelRunning": true}]}},
                  {"name": "b", "user": "b.*", "budget": {"amount": 1, "period": "day", "thresholds": [{"percent": 100, "action": "block", "cancelRunning": false}]}},
                  {"name": "c", "user": "c.*"}
                ]}
                """);
        assertThat(policy.team("a").orElseThrow().budget().orElseThrow().thresholds()).extracting(Threshold::cancelRunning).containsExactly(false, true);
        assertThat(policy.team("b").orElseThrow().budget().orElseThrow().thresholds()).extracting(Threshold::cancelRunning).containsExactly(false);
        assertThat(policy.teamsCancellingRunningQueries()).extracting(Team::name).containsExactly("a");
        assertThat(parse(POLICY).teamsCancellingRunningQueries()).isEmpty();
    }

    @Test
    void testThresholdIsReachedExactly()
    {
        Threshold threshold = parse("{\"teams\": [{\"name\": \"a\", \"user\": \"x\", \"budget\": {\"amount\": 1, \"period\": \"day\", \"thresholds\": [{\"percent\": 80, \"action\": \"notify\"}]}}]}")
                .team("a").orElseThrow().budget().orElseThrow().thresholds().getFirst();
        assertThat(threshold.isReached(799_999, 1_000_000)).isFalse();
        assertThat(threshold.isReached(800_000, 1_000_000)).isTrue();
    }

    private static Optional<String> resolve(BudgetPolicy policy, String user, Set<String> tags, Optional<String> group)
    {
        return policy.resolveTeam(new TeamCriteria(user, ImmutableSet.of(), Optional.empty(), tags, group.map(id -> new ResourceGroupId(List.of(id.split("\\."))))))
                .map(Team::name);
    }

    private static void assertInvalid(String json, String message)
    {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    private static BudgetPolicy parse(String json)
    {
        return BudgetPolicy.parse(json.getBytes(UTF_8));
    }
}
