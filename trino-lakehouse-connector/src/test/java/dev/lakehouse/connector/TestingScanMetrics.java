package dev.lakehouse.connector;

import io.trino.execution.QueryStats;
import io.trino.operator.OperatorStats;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.QueryId;
import io.trino.spi.metrics.Metric;
import io.trino.testing.DistributedQueryRunner;

import java.util.HashMap;
import java.util.Map;

/**
 * The connector metrics a query reported (split generation's and the workers'), summed over its operators.
 */
final class TestingScanMetrics
{
    private TestingScanMetrics() {}

    static Map<String, Long> of(DistributedQueryRunner queryRunner, QueryId queryId)
    {
        QueryStats stats = queryRunner.getCoordinator().getQueryManager().getFullQueryInfo(queryId).getQueryStats();
        Map<String, Long> metrics = new HashMap<>();
        for (OperatorStats operator : stats.getOperatorSummaries()) {
            for (Map.Entry<String, Metric<?>> metric : operator.getConnectorMetrics().getMetrics().entrySet()) {
                if (metric.getValue() instanceof LongCount count) {
                    metrics.merge(metric.getKey(), count.getTotal(), Long::sum);
                }
            }
        }
        return metrics;
    }
}
