package dev.lakehouse.cost.resourcegroups;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.annotations.VisibleForTesting;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.JsonFiles;
import dev.lakehouse.cost.WatchedFile;
import dev.lakehouse.cost.budget.BudgetAction;
import dev.lakehouse.cost.budget.BudgetNotifier;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.budget.BudgetStatus;
import dev.lakehouse.cost.budget.BudgetTracker;
import dev.lakehouse.cost.budget.BudgetsConfig;
import dev.lakehouse.cost.budget.Team;
import dev.lakehouse.cost.budget.TeamCriteria;
import dev.lakehouse.cost.budget.Threshold;
import dev.lakehouse.cost.ledger.Ledger;
import io.airlift.bootstrap.LifeCycleManager;
import io.airlift.json.ObjectMapperProvider;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import io.trino.plugin.resourcegroups.AbstractResourceConfigurationManager;
import io.trino.plugin.resourcegroups.ManagerSpec;
import io.trino.plugin.resourcegroups.ResourceGroupIdTemplate;
import io.trino.plugin.resourcegroups.ResourceGroupNameTemplate;
import io.trino.plugin.resourcegroups.ResourceGroupSelector;
import io.trino.plugin.resourcegroups.ResourceGroupSpec;
import io.trino.plugin.resourcegroups.VariableMap;
import io.trino.spi.TrinoException;
import io.trino.spi.memory.ClusterMemoryPoolManager;
import io.trino.spi.resourcegroups.ResourceGroup;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.resourcegroups.SelectionContext;
import io.trino.spi.resourcegroups.SelectionCriteria;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.cost.CostErrorCode.BUDGET_EXCEEDED;
import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadScheduledExecutor;

/**
 * Resource groups from a file in Trino's file-based format, read with Trino's own parser and
 * selectors, reloaded when the file changes, and team budgets on top: a query of a team past a
 * block threshold is rejected, one past a throttle threshold goes to the low-priority group or
 * runs under a lower concurrency limit.
 *
 * <p>A changed file that is invalid is rejected (logged with the file's name and the problem) and
 * the last valid configuration stays in force. A valid change reconfigures the existing groups;
 * groups the new file no longer has are disabled (their queued and running queries finish).
 */
public final class BudgetResourceGroupConfigurationManager
        extends AbstractResourceConfigurationManager
{
    private static final Logger log = Logger.get(BudgetResourceGroupConfigurationManager.class);
    private static final ObjectMapper RESOURCE_GROUPS_MAPPER = new ObjectMapperProvider().get()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final LifeCycleManager lifeCycleManager;
    private final CostServices services;
    private final Duration resourceGroupsRefreshInterval;
    private final Duration budgetsRefreshInterval;
    private final WatchedFile<ResourceGroups> resourceGroups;
    private final Optional<WatchedFile<BudgetPolicy>> budgets;
    private final Optional<BudgetTracker> tracker;
    private final Optional<BudgetNotifier> notifier;
    private final CostServices.ResourceGroupSelector naturalSelector = this::selectWithoutBudgets;
    // the groups Trino created, with the context they were configured with, for reconfiguration
    private final ConcurrentMap<ResourceGroup, SelectionContext<ResourceGroupIdTemplate>> configuredGroups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = newSingleThreadScheduledExecutor(daemonThreadsNamed("cost-resource-groups"));

    @Inject
    public BudgetResourceGroupConfigurationManager(
            LifeCycleManager lifeCycleManager,
            ClusterMemoryPoolManager memoryPoolManager,
            ResourceGroupsConfig resourceGroupsConfig,
            BudgetsConfig budgetsConfig,
            Ledger ledger,
            CostServices services,
            Clock clock)
    {
        super(memoryPoolManager);
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.services = requireNonNull(services, "services is null");
        this.resourceGroupsRefreshInterval = resourceGroupsConfig.getRefreshInterval();
        this.budgetsRefreshInterval = budgetsConfig.getRefreshInterval();
        this.resourceGroups = new WatchedFile<>("resource group file", Path.of(resourceGroupsConfig.getConfigFile()), this::parseResourceGroups);
        this.budgets = budgetsConfig.getConfigFile().map(file -> new WatchedFile<>("budgets file", Path.of(file), this::parseBudgets));
        if (budgets.isPresent()) {
            ledger.initialize();
            BudgetNotifier budgetNotifier = new BudgetNotifier(ledger, clock);
            BudgetTracker budgetTracker = new BudgetTracker(ledger, services.ledgerActivity(ledger.identity()), clock, budgets.get()::current, this::budgetStatusesChanged);
            this.notifier = Optional.of(budgetNotifier);
            this.tracker = Optional.of(budgetTracker);
            budgetTracker.start();
        }
        else {
            this.notifier = Optional.empty();
            this.tracker = Optional.empty();
        }
    }

    @PostConstruct
    public void start()
    {
        services.registerResourceGroupSelector(naturalSelector);
        long resourceGroupsMillis = resourceGroupsRefreshInterval.toMillis();
        executor.scheduleWithFixedDelay(this::reloadResourceGroups, resourceGroupsMillis, resourceGroupsMillis, TimeUnit.MILLISECONDS);
        if (budgets.isPresent()) {
            long budgetsMillis = budgetsRefreshInterval.toMillis();
            executor.scheduleWithFixedDelay(this::reloadBudgets, budgetsMillis, budgetsMillis, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    public void stop()
    {
        services.unregisterResourceGroupSelector(naturalSelector);
        executor.shutdownNow();
        notifier.ifPresent(BudgetNotifier::close);
    }

    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }

    @Override
    protected Optional<Duration> getCpuQuotaPeriod()
    {
        return resourceGroups.current().spec().getCpuQuotaPeriod();
    }

    @Override
    protected List<ResourceGroupSpec> getRootGroups()
    {
        return resourceGroups.current().spec().getRootGroups();
    }

    @Override
    public void configure(ResourceGroup group, SelectionContext<ResourceGroupIdTemplate> context)
    {
        ResourceGroupSpec spec = getMatchingSpec(group, context);
        configureGroup(group, spec);
        applyBudgetLimit(group, spec, tracker.map(BudgetTracker::lastStatuses).orElse(ImmutableMap.of()));
        configuredGroups.put(group, context);
    }

    @Override
    public Optional<SelectionContext<ResourceGroupIdTemplate>> match(SelectionCriteria criteria)
    {
        Optional<SelectionContext<ResourceGroupIdTemplate>> selected = resourceGroups.current().select(criteria);
        if (selected.isEmpty() || tracker.isEmpty()) {
            return selected;
        }
        BudgetPolicy policy = budgets.orElseThrow().current();
        if (policy.teams().isEmpty()) {
            return selected;
        }
        TeamCriteria teamCriteria = new TeamCriteria(criteria.getUser(), criteria.getUserGroups(), criteria.getSource(), criteria.getTags(), Optional.of(selected.get().getResourceGroupId()));
        Optional<Team> team = policy.resolveTeam(teamCriteria);
        if (team.isEmpty() || team.get().budget().isEmpty()) {
            return selected;
        }
        Optional<BudgetStatus> status = tracker.get().status(team.get());
        if (status.isEmpty()) {
            return selected;
        }
        if (status.get().isBlocked()) {
            throw new TrinoException(BUDGET_EXCEEDED, status.get().rejectionMessage());
        }
        Optional<String> throttleGroup = status.get().throttleResourceGroup();
        if (throttleGroup.isPresent()) {
            ResourceGroupIdTemplate template = new ResourceGroupIdTemplate(throttleGroup.get());
            ResourceGroupId id = template.expandTemplate(new VariableMap(ImmutableMap.of("USER", criteria.getUser(), "SOURCE", criteria.getSource().orElse(""))));
            log.debug("Throttled by the budget: %s; query of %s goes to %s", status.get().describeSpend(), criteria.getUser(), id);
            return Optional.of(new SelectionContext<>(id, template));
        }
        return selected;
    }

    private Optional<ResourceGroupId> selectWithoutBudgets(SelectionCriteria criteria)
    {
        return resourceGroups.current().select(criteria).map(SelectionContext::getResourceGroupId);
    }

    @VisibleForTesting
    void reloadResourceGroups()
    {
        try {
            if (resourceGroups.reload()) {
                reconfigureGroups();
            }
        }
        catch (RuntimeException e) {
            log.error(e, "Reloading the resource group file %s failed", resourceGroups.path());
        }
    }

    @VisibleForTesting
    void reloadBudgets()
    {
        try {
            budgets.orElseThrow().reload();
            tracker.orElseThrow().refresh();
        }
        catch (RuntimeException e) {
            log.error(e, "Reloading the budgets failed");
        }
    }

    /**
     * The budget tracker read new statuses: announce crossed thresholds, and apply or lift
     * concurrency limits.
     */
    private void budgetStatusesChanged(Map<String, BudgetStatus> statuses)
    {
        statuses.values().forEach(status -> notifier.orElseThrow().announce(status));
        configuredGroups.forEach((group, context) -> {
            try {
                applyBudgetLimit(group, getMatchingSpec(group, context), statuses);
            }
            catch (RuntimeException e) {
                // the group is no longer in the file: it was disabled at reload
                log.debug(e, "Group %s has no configuration", group.getId());
            }
        });
    }

    private void reconfigureGroups()
    {
        Map<String, BudgetStatus> statuses = tracker.map(BudgetTracker::lastStatuses).orElse(ImmutableMap.of());
        configuredGroups.forEach((group, context) -> {
            ResourceGroupSpec spec;
            try {
                spec = getMatchingSpec(group, context);
            }
            catch (RuntimeException e) {
                log.info("Resource group %s is no longer in %s; it is disabled once its queries are done", group.getId(), resourceGroups.path());
                group.setDisabled(true);
                return;
            }
            configureGroup(group, spec);
            applyBudgetLimit(group, spec, statuses);
            if (group.isDisabled()) {
                group.setDisabled(false);
            }
        });
    }

    /**
     * Sets the group's running-query limits: the file's, lowered by the throttle of the team whose
     * group this is, if its budget has one in force.
     */
    private static void applyBudgetLimit(ResourceGroup group, ResourceGroupSpec spec, Map<String, BudgetStatus> statuses)
    {
        int hardLimit = spec.getHardConcurrencyLimit();
        int softLimit = spec.getSoftConcurrencyLimit().orElse(hardLimit);
        for (BudgetStatus status : statuses.values()) {
            Optional<List<String>> teamGroup = status.team().resourceGroup();
            if (teamGroup.isEmpty() || !teamGroup.get().equals(group.getId().getSegments())) {
                continue;
            }
            OptionalInt limit = status.concurrencyLimit();
            if (limit.isPresent() && limit.getAsInt() < hardLimit) {
                hardLimit = limit.getAsInt();
            }
        }
        softLimit = Math.min(softLimit, hardLimit);
        if (group.getHardConcurrencyLimit() != hardLimit) {
            group.setHardConcurrencyLimit(hardLimit);
        }
        if (group.getSoftConcurrencyLimit() != softLimit) {
            group.setSoftConcurrencyLimit(softLimit);
        }
    }

    private ResourceGroups parseResourceGroups(byte[] content)
    {
        ManagerSpec spec = JsonFiles.parse(RESOURCE_GROUPS_MAPPER, content, ManagerSpec.class);
        validateRootGroups(spec);
        ResourceGroups parsed = new ResourceGroups(spec, buildSelectors(spec));
        if (budgets != null && budgets.isPresent()) {
            checkThrottleGroups(budgets.get().current(), spec, "a budget in " + budgets.get().path());
        }
        return parsed;
    }

    private BudgetPolicy parseBudgets(byte[] content)
    {
        BudgetPolicy policy = BudgetPolicy.parse(content);
        checkThrottleGroups(policy, resourceGroups.current().spec(), "the budget");
        return policy;
    }

    /**
     * Every group a throttle moves queries to must be a leaf group of the resource group file.
     */
    private static void checkThrottleGroups(BudgetPolicy policy, ManagerSpec spec, String user)
    {
        for (Team team : policy.teams()) {
            if (team.budget().isEmpty()) {
                continue;
            }
            for (Threshold threshold : team.budget().get().thresholds()) {
                if (threshold.action() != BudgetAction.THROTTLE || threshold.resourceGroup().isEmpty()) {
                    continue;
                }
                String group = threshold.resourceGroup().get();
                ResourceGroupIdTemplate template;
                try {
                    template = new ResourceGroupIdTemplate(group);
                }
                catch (RuntimeException e) {
                    throw new IllegalArgumentException("team '%s': throttle group '%s' is not a resource group id: %s".formatted(team.name(), group, e.getMessage()), e);
                }
                checkArgument(ImmutableList.of("USER", "SOURCE").containsAll(template.getVariableNames()),
                        "team '%s': throttle group '%s' may use only the variables ${USER} and ${SOURCE}", team.name(), group);
                List<ResourceGroupSpec> candidates = spec.getRootGroups();
                ResourceGroupSpec match = null;
                for (ResourceGroupNameTemplate segment : template.getSegments()) {
                    match = candidates.stream().filter(candidate -> candidate.getName().equals(segment)).findFirst().orElse(null);
                    checkArgument(match != null, "team '%s': throttle group '%s', used by %s, is not in the resource group file", team.name(), group, user);
                    candidates = match.getSubGroups();
                }
                checkArgument(match.getSubGroups().isEmpty(), "team '%s': throttle group '%s' has sub-groups; queries can only run in a group without sub-groups", team.name(), group);
            }
        }
    }

    /**
     * A valid resource group file, with its selectors built.
     */
    private record ResourceGroups(ManagerSpec spec, List<ResourceGroupSelector> selectors)
    {
        ResourceGroups
        {
            requireNonNull(spec, "spec is null");
            selectors = ImmutableList.copyOf(requireNonNull(selectors, "selectors is null"));
        }

        Optional<SelectionContext<ResourceGroupIdTemplate>> select(SelectionCriteria criteria)
        {
            for (ResourceGroupSelector selector : selectors) {
                Optional<SelectionContext<ResourceGroupIdTemplate>> match = selector.match(criteria);
                if (match.isPresent()) {
                    return match;
                }
            }
            return Optional.empty();
        }
    }
}
