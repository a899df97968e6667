package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Defaults of Trino's per-query limits for the queries of a resource group and its sub-groups.
 *
 * @param sessionProperties system session properties and their values, such as
 * {@code query_max_scan_physical_bytes = 1TB}
 */
public record GuardRail(List<String> resourceGroup, Map<String, String> sessionProperties)
{
    public GuardRail
    {
        resourceGroup = ImmutableList.copyOf(requireNonNull(resourceGroup, "resourceGroup is null"));
        sessionProperties = ImmutableMap.copyOf(requireNonNull(sessionProperties, "sessionProperties is null"));
    }

    public boolean appliesTo(List<String> groupSegments)
    {
        return Team.isSameOrUnder(groupSegments, resourceGroup);
    }
}
