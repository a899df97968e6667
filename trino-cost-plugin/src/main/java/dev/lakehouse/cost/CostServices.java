package dev.lakehouse.cost;

import dev.lakehouse.cost.ledger.LedgerActivity;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.resourcegroups.SelectionCriteria;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * What the components of this plugin in one server share: the plugin creates them all (resource
 * group manager, event listener, connector, session property manager) from one instance of this.
 *
 * <ul>
 * <li>The activity of each ledger, so that the budget check sees a record as soon as the metering
 * writer has committed it.
 * <li>The resource group selectors in force, so that metering attributes a query moved to a
 * low-priority group by a throttle to the team it was selected for.
 * </ul>
 */
public final class CostServices
{
    private final ConcurrentMap<String, LedgerActivity> ledgerActivities = new ConcurrentHashMap<>();
    private final AtomicReference<ResourceGroupSelector> resourceGroupSelector = new AtomicReference<>();

    public LedgerActivity ledgerActivity(String ledgerIdentity)
    {
        return ledgerActivities.computeIfAbsent(requireNonNull(ledgerIdentity, "ledgerIdentity is null"), _ -> new LedgerActivity());
    }

    public void registerResourceGroupSelector(ResourceGroupSelector selector)
    {
        resourceGroupSelector.set(requireNonNull(selector, "selector is null"));
    }

    public void unregisterResourceGroupSelector(ResourceGroupSelector selector)
    {
        resourceGroupSelector.compareAndSet(selector, null);
    }

    /**
     * The group the selectors in force choose for a query, before any budget action; empty when
     * no resource group manager of this plugin runs in this server or no selector matches.
     */
    public Optional<ResourceGroupId> selectResourceGroup(SelectionCriteria criteria)
    {
        ResourceGroupSelector selector = resourceGroupSelector.get();
        if (selector == null) {
            return Optional.empty();
        }
        return selector.select(criteria);
    }

    public interface ResourceGroupSelector
    {
        Optional<ResourceGroupId> select(SelectionCriteria criteria);
    }
}
