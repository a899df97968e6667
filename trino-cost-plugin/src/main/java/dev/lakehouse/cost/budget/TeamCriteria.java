package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableSet;
import io.trino.spi.resourcegroups.ResourceGroupId;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a team is recognized by: a query's user, user groups, source, client tags, and the resource
 * group its selectors chose.
 */
public record TeamCriteria(String user, Set<String> userGroups, Optional<String> source, Set<String> clientTags, Optional<ResourceGroupId> resourceGroup)
{
    public TeamCriteria
    {
        requireNonNull(user, "user is null");
        userGroups = ImmutableSet.copyOf(requireNonNull(userGroups, "userGroups is null"));
        requireNonNull(source, "source is null");
        clientTags = ImmutableSet.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(resourceGroup, "resourceGroup is null");
    }
}
