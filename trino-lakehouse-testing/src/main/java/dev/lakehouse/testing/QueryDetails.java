package dev.lakehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A query's full record as the coordinator keeps it ({@code GET /v1/query/{queryId}}): state,
 * statistics, and per-operator summaries with their connector metrics. Data sizes in it are
 * rounded for display; for exact byte counts use {@link ClientQueryStatistics}.
 */
public record QueryDetails(JsonNode json)
{
    public QueryDetails
    {
        requireNonNull(json, "json is null");
    }

    public String queryId()
    {
        return json.path("queryId").asText();
    }

    public String state()
    {
        return json.path("state").asText();
    }

    public boolean isFinal()
    {
        return json.path("finalQueryInfo").asBoolean(false);
    }

    public Optional<String> resourceGroupId()
    {
        JsonNode group = json.path("resourceGroupId");
        if (!group.isArray()) {
            return Optional.empty();
        }
        StringBuilder id = new StringBuilder();
        for (JsonNode segment : group) {
            if (!id.isEmpty()) {
                id.append('.');
            }
            id.append(segment.asText());
        }
        return Optional.of(id.toString());
    }

    /**
     * A data size of the query's statistics, such as {@code physicalInputDataSize}, as displayed
     * (rounded to three significant digits).
     */
    public DataSize dataSize(String queryStatsField)
    {
        JsonNode value = json.path("queryStats").path(queryStatsField);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("No data size '%s' in the query statistics".formatted(queryStatsField));
        }
        return DataSize.valueOf(value.asText());
    }

    /**
     * A duration of the query's statistics, such as {@code planningTime}, as displayed (rounded).
     */
    public Duration duration(String queryStatsField)
    {
        JsonNode value = json.path("queryStats").path(queryStatsField);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("No duration '%s' in the query statistics".formatted(queryStatsField));
        }
        return Duration.valueOf(value.asText());
    }

    /**
     * The sum, over all operators of the query, of the {@code total} of the named connector
     * metric (a {@code LongCount}); 0 when no operator reported it.
     */
    public long connectorMetricTotal(String name)
    {
        long total = 0;
        for (JsonNode operator : json.path("queryStats").path("operatorSummaries")) {
            JsonNode metric = operator.path("connectorMetrics").path(name);
            if (metric.has("total")) {
                total += metric.path("total").asLong();
            }
        }
        return total;
    }

    /**
     * The sum, over all table scan operators, of a numeric field of their statistics, such as
     * {@code physicalInputPositions} or {@code totalDrivers} (one driver per split).
     */
    public long tableScanTotal(String operatorStatsField)
    {
        long total = 0;
        for (JsonNode operator : json.path("queryStats").path("operatorSummaries")) {
            String type = operator.path("operatorType").asText();
            if (type.equals("TableScanOperator") || type.equals("ScanFilterAndProjectOperator")) {
                total += operator.path(operatorStatsField).asLong();
            }
        }
        return total;
    }
}
