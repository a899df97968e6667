package dev.lakehouse.cost.budget;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.cost.JsonFiles;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;

import java.math.BigDecimal;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * The budgets file: the teams, their budgets, and the guard rails, as parsed and validated.
 *
 * <p>A query belongs to the first team, in file order, whose criteria it matches.
 */
public final class BudgetPolicy
{
    public static final BudgetPolicy EMPTY = new BudgetPolicy(ZoneId.of("UTC"), "USD", ImmutableList.of(), ImmutableList.of());

    /**
     * The per-query limits a guard rail may set, and how each value is checked.
     */
    private static final Map<String, Consumer<String>> GUARD_RAIL_PROPERTIES = ImmutableMap.of(
            "query_max_scan_physical_bytes", DataSize::valueOf,
            "query_max_execution_time", Duration::valueOf,
            "query_max_run_time", Duration::valueOf,
            "query_max_cpu_time", Duration::valueOf);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ZoneId timeZone;
    private final String currency;
    private final List<Team> teams;
    private final Map<String, Team> teamsByName;
    private final List<GuardRail> guardRails;
    private final List<Team> teamsCancellingRunningQueries;

    public BudgetPolicy(ZoneId timeZone, String currency, List<Team> teams, List<GuardRail> guardRails)
    {
        this.timeZone = requireNonNull(timeZone, "timeZone is null");
        this.currency = requireNonNull(currency, "currency is null");
        this.teams = ImmutableList.copyOf(requireNonNull(teams, "teams is null"));
        ImmutableMap.Builder<String, Team> byName = ImmutableMap.builder();
        teams.forEach(team -> byName.put(team.name(), team));
        this.teamsByName = byName.buildOrThrow();
        this.guardRails = ImmutableList.copyOf(requireNonNull(guardRails, "guardRails is null"));
        this.teamsCancellingRunningQueries = this.teams.stream()
                .filter(team -> team.budget().isPresent() && team.budget().get().thresholds().stream().anyMatch(Threshold::cancelRunning))
                .collect(toImmutableList());
    }

    /**
     * The time zone of periods and days, unless a budget names its own.
     */
    public ZoneId timeZone()
    {
        return timeZone;
    }

    public String currency()
    {
        return currency;
    }

    public List<Team> teams()
    {
        return teams;
    }

    public Optional<Team> team(String name)
    {
        return Optional.ofNullable(teamsByName.get(name));
    }

    public List<GuardRail> guardRails()
    {
        return guardRails;
    }

    /**
     * The teams with a block threshold that cancels running queries.
     */
    public List<Team> teamsCancellingRunningQueries()
    {
        return teamsCancellingRunningQueries;
    }

    /**
     * The first team whose criteria match.
     */
    public Optional<Team> resolveTeam(TeamCriteria criteria)
    {
        for (Team team : teams) {
            if (team.matches(criteria)) {
                return Optional.of(team);
            }
        }
        return Optional.empty();
    }

    /**
     * The session property defaults for a query in this group: for each property, the value of the
     * guard rail with the most specific group (the longest id); among equally specific ones, the first.
     */
    public Map<String, String> guardRailProperties(List<String> groupSegments)
    {
        Map<String, String> properties = new HashMap<>();
        Map<String, Integer> specificity = new HashMap<>();
        for (GuardRail guardRail : guardRails) {
            if (!guardRail.appliesTo(groupSegments)) {
                continue;
            }
            int depth = guardRail.resourceGroup().size();
            guardRail.sessionProperties().forEach((name, value) -> {
                Integer current = specificity.get(name);
                if (current == null || depth > current) {
                    specificity.put(name, depth);
                    properties.put(name, value);
                }
            });
        }
        return ImmutableMap.copyOf(properties);
    }

    /**
     * Parses and validates a budgets file.
     *
     * @throws IllegalArgumentException naming the place and the problem
     */
    public static BudgetPolicy parse(byte[] json)
    {
        PolicySpec spec = JsonFiles.parse(MAPPER, json, PolicySpec.class);
        ZoneId timeZone = spec.timeZone().map(zone -> timeZone(zone, "timeZone")).orElse(ZoneId.of("UTC"));
        String currency = spec.currency().orElse("USD");
        checkArgument(!currency.isBlank(), "currency is blank");

        ImmutableList.Builder<Team> teams = ImmutableList.builder();
        Set<String> names = new HashSet<>();
        List<TeamSpec> teamSpecs = spec.teams().orElse(ImmutableList.of());
        for (int index = 0; index < teamSpecs.size(); index++) {
            TeamSpec teamSpec = teamSpecs.get(index);
            String where = "teams[%s]".formatted(index);
            checkArgument(teamSpec != null, "%s is null", where);
            checkArgument(teamSpec.name() != null && !teamSpec.name().isBlank(), "%s has no name", where);
            where = "team '%s'".formatted(teamSpec.name());
            checkArgument(names.add(teamSpec.name()), "%s is defined twice", where);
            teams.add(team(teamSpec, where, timeZone));
        }

        ImmutableList.Builder<GuardRail> guardRails = ImmutableList.builder();
        List<GuardRailSpec> guardRailSpecs = spec.guardRails().orElse(ImmutableList.of());
        for (int index = 0; index < guardRailSpecs.size(); index++) {
            GuardRailSpec guardRailSpec = guardRailSpecs.get(index);
            String where = "guardRails[%s]".formatted(index);
            checkArgument(guardRailSpec != null, "%s is null", where);
            checkArgument(guardRailSpec.resourceGroup() != null, "%s has no resourceGroup", where);
            checkArgument(guardRailSpec.sessionProperties() != null && !guardRailSpec.sessionProperties().isEmpty(), "%s has no sessionProperties", where);
            guardRailSpec.sessionProperties().forEach((name, value) -> {
                Consumer<String> validator = GUARD_RAIL_PROPERTIES.get(name);
                checkArgument(validator != null, "%s: '%s' is not a per-query limit a guard rail can set (%s)", where, name, String.join(", ", GUARD_RAIL_PROPERTIES.keySet()));
                checkArgument(value != null, "%s: %s has no value", where, name);
                try {
                    validator.accept(value);
                }
                catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("%s: invalid value '%s' for %s: %s".formatted(where, value, name, e.getMessage()), e);
                }
            });
            guardRails.add(new GuardRail(groupSegments(guardRailSpec.resourceGroup(), where), guardRailSpec.sessionProperties()));
        }
        return new BudgetPolicy(timeZone, currency, teams.build(), guardRails.build());
    }

    private static Team team(TeamSpec spec, String where, ZoneId defaultTimeZone)
    {
        Optional<List<String>> resourceGroup = spec.resourceGroup().map(group -> groupSegments(group, where));
        Optional<Pattern> user = spec.user().map(regex -> pattern(regex, where, "user"));
        Optional<Pattern> userGroup = spec.userGroup().map(regex -> pattern(regex, where, "userGroup"));
        Optional<Pattern> source = spec.source().map(regex -> pattern(regex, where, "source"));
        List<String> clientTags = spec.clientTags().orElse(ImmutableList.of());
        checkArgument(resourceGroup.isPresent() || user.isPresent() || userGroup.isPresent() || source.isPresent() || !clientTags.isEmpty(),
                "%s has no criterion: give at least one of resourceGroup, user, userGroup, source, clientTags", where);
        Optional<Budget> budget = spec.budget().map(budgetSpec -> budget(budgetSpec, where, defaultTimeZone, resourceGroup.isPresent()));
        return new Team(spec.name(), resourceGroup, user, userGroup, source, ImmutableSet.copyOf(clientTags), budget);
    }

    private static Budget budget(BudgetSpec spec, String where, ZoneId defaultTimeZone, boolean teamHasResourceGroup)
    {
        checkArgument(spec.amount() != null, "%s: the budget has no amount", where);
        checkArgument(spec.amount().signum() > 0, "%s: the budget amount must be positive, not %s", where, spec.amount().toPlainString());
        long amountMicros;
        try {
            amountMicros = spec.amount().movePointRight(6).longValueExact();
        }
        catch (ArithmeticException e) {
            throw new IllegalArgumentException("%s: the budget amount %s has more than 6 decimals or is too large".formatted(where, spec.amount().toPlainString()), e);
        }
        checkArgument(spec.period() != null, "%s: the budget has no period (day, week or month)", where);
        BudgetPeriod period;
        try {
            period = BudgetPeriod.fromName(spec.period());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%s: %s".formatted(where, e.getMessage()), e);
        }
        ZoneId timeZone = spec.timeZone().map(zone -> timeZone(zone, where + ": timeZone")).orElse(defaultTimeZone);

        ImmutableList.Builder<Threshold> thresholds = ImmutableList.builder();
        Set<String> seen = new HashSet<>();
        List<ThresholdSpec> thresholdSpecs = spec.thresholds().orElse(ImmutableList.of());
        for (int index = 0; index < thresholdSpecs.size(); index++) {
            ThresholdSpec thresholdSpec = thresholdSpecs.get(index);
            String thresholdWhere = "%s, thresholds[%s]".formatted(where, index);
            checkArgument(thresholdSpec != null, "%s is null", thresholdWhere);
            checkArgument(thresholdSpec.percent() != null && thresholdSpec.percent().signum() > 0, "%s: percent must be a positive number", thresholdWhere);
            checkArgument(thresholdSpec.action() != null, "%s: no action (notify, throttle or block)", thresholdWhere);
            BudgetAction action;
            try {
                action = BudgetAction.fromName(thresholdSpec.action());
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("%s: %s".formatted(thresholdWhere, e.getMessage()), e);
            }
            checkArgument(thresholdSpec.cancelRunning().isEmpty() || action == BudgetAction.BLOCK,
                    "%s: cancelRunning is an option of a block threshold only, not of %s", thresholdWhere, action.displayName());
            Optional<URI> webhook = thresholdSpec.webhook().map(uri -> webhook(uri, thresholdWhere));
            OptionalInt concurrency = thresholdSpec.hardConcurrencyLimit().map(OptionalInt::of).orElse(OptionalInt.empty());
            switch (action) {
                case NOTIFY -> {
                    checkArgument(concurrency.isEmpty() && thresholdSpec.resourceGroup().isEmpty(), "%s: notify takes only a webhook", thresholdWhere);
                }
                case THROTTLE -> {
                    checkArgument(webhook.isEmpty(), "%s: only notify takes a webhook", thresholdWhere);
                    checkArgument(concurrency.isPresent() != thresholdSpec.resourceGroup().isPresent(),
                            "%s: throttle takes either hardConcurrencyLimit (for the team's groups) or resourceGroup (where new queries go)", thresholdWhere);
                    if (concurrency.isPresent()) {
                        checkArgument(concurrency.getAsInt() >= 0, "%s: hardConcurrencyLimit is negative", thresholdWhere);
                        checkArgument(teamHasResourceGroup, "%s: hardConcurrencyLimit needs a team defined by resourceGroup, whose groups it limits", thresholdWhere);
                    }
                    thresholdSpec.resourceGroup().ifPresent(group -> groupSegments(group, thresholdWhere));
                }
                case BLOCK -> {
                    checkArgument(webhook.isEmpty() && concurrency.isEmpty() && thresholdSpec.resourceGroup().isEmpty(), "%s: block takes no other field than cancelRunning", thresholdWhere);
                }
            }
            Threshold threshold = new Threshold(thresholdSpec.percent(), action, webhook, concurrency, thresholdSpec.resourceGroup(), thresholdSpec.cancelRunning().orElse(false));
            checkArgument(seen.add(threshold.percentText() + "/" + action), "%s: the %s %s threshold is defined twice", thresholdWhere, threshold.percentText() + "%", action.displayName());
            thresholds.add(threshold);
        }
        return new Budget(amountMicros, period, timeZone, thresholds.build());
    }

    private static List<String> groupSegments(String group, String where)
    {
        checkArgument(!group.isBlank(), "%s: resourceGroup is blank", where);
        List<String> segments = Splitter.on('.').splitToList(group);
        checkArgument(segments.stream().noneMatch(String::isEmpty), "%s: '%s' is not a resource group id (segments separated by dots)", where, group);
        return segments;
    }

    private static Pattern pattern(String regex, String where, String field)
    {
        try {
            return Pattern.compile(regex);
        }
        catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("%s: %s is not a valid regular expression: %s".formatted(where, field, e.getMessage()), e);
        }
    }

    private static ZoneId timeZone(String zone, String where)
    {
        try {
            return ZoneId.of(zone);
        }
        catch (DateTimeException e) {
            throw new IllegalArgumentException("%s: unknown time zone '%s'".formatted(where, zone), e);
        }
    }

    private static URI webhook(String uri, String where)
    {
        URI parsed;
        try {
            parsed = URI.create(uri);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%s: webhook '%s' is not a URI".formatted(where, uri), e);
        }
        checkArgument("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()), "%s: webhook '%s' is not an http or https URI", where, uri);
        checkArgument(parsed.getHost() != null, "%s: webhook '%s' has no host", where, uri);
        return parsed;
    }

    // the file's JSON layout
    private record PolicySpec(Optional<String> timeZone, Optional<String> currency, Optional<List<TeamSpec>> teams, Optional<List<GuardRailSpec>> guardRails) {}

    private record TeamSpec(
            String name,
            Optional<String> resourceGroup,
            Optional<String> user,
            Optional<String> userGroup,
            Optional<String> source,
            Optional<List<String>> clientTags,
            Optional<BudgetSpec> budget) {}

    private record BudgetSpec(BigDecimal amount, String period, Optional<String> timeZone, Optional<List<ThresholdSpec>> thresholds) {}

    private record ThresholdSpec(BigDecimal percent, String action, Optional<String> webhook, Optional<Integer> hardConcurrencyLimit, Optional<String> resourceGroup, Optional<Boolean> cancelRunning) {}

    private record GuardRailSpec(String resourceGroup, Map<String, String> sessionProperties) {}
}
