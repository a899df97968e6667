package dev.lakehouse.cost.metering;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Ordering;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.budget.Team;
import dev.lakehouse.cost.budget.TeamCriteria;
import dev.lakehouse.cost.ledger.LedgerRecord;
import dev.lakehouse.cost.ledger.LedgerRecord.TableUsage;
import dev.lakehouse.cost.pricing.CostModel;
import dev.lakehouse.cost.pricing.QueryUsage;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryStatistics;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.resourcegroups.SelectionCriteria;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Turns a completed query into its ledger record: prices what it consumed, and attributes it to
 * its team.
 *
 * <p>The team is resolved as the resource group manager resolved it when the query was submitted:
 * with the group the selectors chose, not the low-priority group a throttle may have moved the
 * query to. When this server runs no resource group manager of this plugin, the group the query
 * ran in is used.
 */
public final class QueryRecords
{
    private final CostModel costModel;
    private final Supplier<BudgetPolicy> policy;
    private final CostServices services;

    public QueryRecords(CostModel costModel, Supplier<BudgetPolicy> policy, CostServices services)
    {
        this.costModel = requireNonNull(costModel, "costModel is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.services = requireNonNull(services, "services is null");
    }

    public LedgerRecord toRecord(QueryCompletedEvent event)
    {
        QueryContext context = event.getContext();
        QueryStatistics statistics = event.getStatistics();

        long physicalInputBytes = statistics.getPhysicalInputBytes();
        long cpuTimeMillis = statistics.getCpuTime().toMillis();
        double cumulativeMemory = Math.max(0, statistics.getCumulativeMemory());
        long writtenBytes = statistics.getWrittenBytes();
        QueryUsage usage = new QueryUsage(physicalInputBytes, cpuTimeMillis, cumulativeMemory, writtenBytes);

        Optional<String> team = team(context).map(Team::name);

        return new LedgerRecord(
                event.getMetadata().getQueryId(),
                event.getMetadata().getQueryState(),
                event.getFailureInfo().map(failure -> failure.getErrorCode().getName()),
                context.getQueryType().map(Enum::name),
                context.getUser(),
                team,
                context.getResourceGroupId().map(ResourceGroupId::toString),
                context.getSource(),
                Ordering.natural().sortedCopy(context.getClientTags()),
                event.getCreateTime().toEpochMilli(),
                event.getEndTime().toEpochMilli(),
                statistics.getQueuedTime().toMillis(),
                statistics.getWallTime().toMillis(),
                cpuTimeMillis,
                physicalInputBytes,
                statistics.getPhysicalInputRows(),
                writtenBytes,
                statistics.getWrittenRows(),
                cumulativeMemory,
                statistics.getPeakUserMemoryBytes(),
                costModel.price(usage),
                tables(event.getIoMetadata().getInputs()));
    }

    /**
     * The team of the query, resolved as described above.
     */
    public Optional<Team> team(QueryContext context)
    {
        BudgetPolicy currentPolicy = policy.get();
        if (currentPolicy.teams().isEmpty()) {
            return Optional.empty();
        }
        return currentPolicy.resolveTeam(teamCriteria(context));
    }

    /**
     * What the query's team is resolved from: its user, groups, source and tags, and the group the
     * selectors choose for it.
     */
    public TeamCriteria teamCriteria(QueryContext context)
    {
        SelectionCriteria criteria = new SelectionCriteria(
                context.getPrincipal().isPresent(),
                context.getUser(),
                context.getGroups(),
                context.getOriginalUser(),
                Optional.empty(),
                context.getSource(),
                context.getClientTags(),
                context.getResourceEstimates(),
                context.getQueryType().map(Enum::name));
        Optional<ResourceGroupId> group = services.selectResourceGroup(criteria).or(context::getResourceGroupId);
        return new TeamCriteria(context.getUser(), context.getGroups(), context.getSource(), context.getClientTags(), group);
    }

    /**
     * One entry per table, adding up the inputs of a table read more than once.
     */
    private static List<TableUsage> tables(List<QueryInputMetadata> inputs)
    {
        if (inputs.isEmpty()) {
            return ImmutableList.of();
        }
        Map<List<String>, TableUsage> tables = new LinkedHashMap<>();
        for (QueryInputMetadata input : inputs) {
            List<String> name = ImmutableList.of(input.getCatalogName(), input.getSchema(), input.getTable());
            Optional<Long> bytes = input.getPhysicalInputBytes().isPresent() ? Optional.of(input.getPhysicalInputBytes().getAsLong()) : Optional.empty();
            Optional<Long> rows = input.getPhysicalInputRows().isPresent() ? Optional.of(input.getPhysicalInputRows().getAsLong()) : Optional.empty();
            tables.merge(
                    name,
                    new TableUsage(input.getCatalogName(), input.getSchema(), input.getTable(), bytes, rows),
                    (existing, added) -> new TableUsage(existing.catalog(), existing.schema(), existing.table(), add(existing.physicalInputBytes(), added.physicalInputBytes()), add(existing.physicalInputRows(), added.physicalInputRows())));
        }
        return ImmutableList.copyOf(tables.values());
    }

    private static Optional<Long> add(Optional<Long> left, Optional<Long> right)
    {
        if (left.isEmpty()) {
            return right;
        }
        if (right.isEmpty()) {
            return left;
        }
        return Optional.of(left.get() + right.get());
    }
}
