package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A team: the queries it is recognized by, and its budget if it has one. Every criterion given
 * must match: the resource group (the group or one of its sub-groups), the user (a regular
 * expression matching the whole name), a user group (a regular expression matching one of the
 * user's groups), the source (a regular expression), and the client tags (all must be present).
 *
 * @param resourceGroup the segments of the group id the team's queries run in or under
 */
public record Team(
        String name,
        Optional<List<String>> resourceGroup,
        Optional<Pattern> user,
        Optional<Pattern> userGroup,
        Optional<Pattern> source,
        Set<String> clientTags,
        Optional<Budget> budget)
{
    public Team
    {
        requireNonNull(name, "name is null");
        resourceGroup = requireNonNull(resourceGroup, "resourceGroup is null").map(ImmutableList::copyOf);
        requireNonNull(user, "user is null");
        requireNonNull(userGroup, "userGroup is null");
        requireNonNull(source, "source is null");
        clientTags = ImmutableSet.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(budget, "budget is null");
        checkArgument(resourceGroup.isPresent() || user.isPresent() || userGroup.isPresent() || source.isPresent() || !clientTags.isEmpty(), "team %s has no criterion", name);
    }

    public boolean matches(TeamCriteria criteria)
    {
        if (resourceGroup.isPresent()) {
            if (criteria.resourceGroup().isEmpty() || !isSameOrUnder(criteria.resourceGroup().get().getSegments(), resourceGroup.get())) {
                return false;
            }
        }
        if (user.isPresent() && !user.get().matcher(criteria.user()).matches()) {
            return false;
        }
        if (userGroup.isPresent()) {
            Pattern pattern = userGroup.get();
            boolean any = false;
            for (String group : criteria.userGroups()) {
                if (pattern.matcher(group).matches()) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        if (source.isPresent() && !source.get().matcher(criteria.source().orElse("")).matches()) {
            return false;
        }
        return criteria.clientTags().containsAll(clientTags);
    }

    /**
     * True when the group with these segments is this team's group or under it.
     */
    public boolean ownsResourceGroup(List<String> groupSegments)
    {
        return resourceGroup.isPresent() && isSameOrUnder(groupSegments, resourceGroup.get());
    }

    static boolean isSameOrUnder(List<String> group, List<String> ancestor)
    {
        return group.size() >= ancestor.size() && group.subList(0, ancestor.size()).equals(ancestor);
    }
}
