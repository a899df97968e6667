package dev.lakehouse.cost.metering;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorType;
import io.trino.spi.connector.CatalogHandle.CatalogVersion;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.spi.eventlistener.QueryFailureInfo;
import io.trino.spi.eventlistener.QueryIOMetadata;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryMetadata;
import io.trino.spi.eventlistener.QueryStatistics;
import io.trino.spi.metrics.Metrics;
import io.trino.spi.resourcegroups.QueryType;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.session.ResourceEstimates;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Query events (created, completed) as Trino's coordinator fires them, with the fields metering reads.
 */
public final class TestingQueryEvents
{
    private TestingQueryEvents() {}

    public static QueryCompletedEvent completedEvent(
            String queryId,
            String user,
            Set<String> clientTags,
            Optional<String> resourceGroup,
            long cpuMillis,
            long physicalInputBytes,
            double cumulativeMemory,
            long writtenBytes,
            List<QueryInputMetadata> inputs,
            Optional<ErrorCode> failure,
            Instant endTime)
    {
        QueryStatistics statistics = new QueryStatistics(
                Duration.ofMillis(cpuMillis),
                Duration.ZERO,
                Duration.ofMillis(1234),
                Duration.ofMillis(5),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                7 << 20,
                0,
                0,
                physicalInputBytes,
                4321,
                physicalInputBytes,
                4321,
                0,
                0,
                physicalInputBytes,
                4321,
                100,
                1,
                writtenBytes,
                writtenBytes == 0 ? 0 : 10,
                0,
                cumulativeMemory,
                0,
                ImmutableList.of(),
                3,
                true,
                ImmutableList.of(),
                ImmutableList.of(),
                ImmutableList.of(),
                ImmutableList.of(),
                ImmutableList.of(),
                ImmutableList.of(),
                ImmutableList.of(),
                Optional.empty());
        QueryContext context = context(user, clientTags, resourceGroup);
        QueryMetadata metadata = metadata(queryId, failure.isPresent() ? "FAILED" : "FINISHED");
        return new QueryCompletedEvent(
                metadata,
                statistics,
                context,
                new QueryIOMetadata(inputs, Optional.empty()),
                failure.map(code -> new QueryFailureInfo(code, Optional.empty(), Optional.of("failed"), Optional.empty(), Optional.empty(), "[]")),
                ImmutableList.of(),
                endTime.minusMillis(1234),
                endTime.minusMillis(1000),
                endTime);
    }

    /**
     * The event of a query just created, as the coordinator fires it before the query runs.
     */
    public static QueryCreatedEvent createdEvent(String queryId, String user, Optional<String> resourceGroup)
    {
        return new QueryCreatedEvent(Instant.now(), context(user, ImmutableSet.of(), resourceGroup), metadata(queryId, "QUEUED"));
    }

    private static QueryContext context(String user, Set<String> clientTags, Optional<String> resourceGroup)
    {
        return new QueryContext(
                user,
                user,
                ImmutableSet.of(),
                Optional.empty(),
                ImmutableSet.of(),
                ImmutableSet.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                clientTags,
                ImmutableSet.of(),
                Optional.of("trino-cli"),
                "UTC",
                Optional.empty(),
                Optional.empty(),
                resourceGroup.map(id -> new ResourceGroupId(ImmutableList.copyOf(id.split("\\.")))),
                ImmutableMap.of(),
                new ResourceEstimates(Optional.empty(), Optional.empty(), Optional.empty()),
                "127.0.0.1",
                "476",
                "test",
                Optional.of(QueryType.SELECT),
                "NONE");
    }

    private static QueryMetadata metadata(String queryId, String state)
    {
        return new QueryMetadata(
                queryId,
                Optional.empty(),
                Optional.empty(),
                "SELECT 1",
                Optional.empty(),
                Optional.empty(),
                state,
                ImmutableList.of(),
                ImmutableList.of(),
                URI.create("http://127.0.0.1/v1/query/" + queryId),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public static QueryInputMetadata input(String catalog, String schema, String table, OptionalLong physicalInputBytes)
    {
        return new QueryInputMetadata(
                Optional.of(catalog),
                catalog,
                new CatalogVersion("default"),
                schema,
                table,
                ImmutableList.of(),
                Optional.empty(),
                Metrics.EMPTY,
                physicalInputBytes,
                physicalInputBytes.isPresent() ? OptionalLong.of(100) : OptionalLong.empty());
    }

    public static ErrorCode userCanceled()
    {
        return new ErrorCode(3, "USER_CANCELED", ErrorType.USER_ERROR);
    }
}
