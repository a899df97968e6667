package dev.lakehouse.benchmarks;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The two catalogs compared: the candidate (by default {@code lakehouse}) and the baseline (by
 * default Trino's {@code iceberg}). Ratios are candidate over baseline.
 */
public record CatalogPair(BenchmarkCatalog candidate, BenchmarkCatalog baseline)
{
    public CatalogPair
    {
        requireNonNull(candidate, "candidate is null");
        requireNonNull(baseline, "baseline is null");
        checkArgument(!candidate.name().equals(baseline.name()), "Both catalogs are named %s", candidate.name());
    }

    /**
     * Each catalog named after its connector, the baseline's name suffixed with {@code _baseline}
     * when both use the same connector (a run that proves the harness with one connector twice).
     */
    public static CatalogPair of(BenchmarkConnector candidate, BenchmarkConnector baseline)
    {
        String baselineName = candidate == baseline ? baseline.connectorName() + "_baseline" : baseline.connectorName();
        return new CatalogPair(new BenchmarkCatalog(candidate.connectorName(), candidate), new BenchmarkCatalog(baselineName, baseline));
    }

    public List<BenchmarkCatalog> both()
    {
        return List.of(candidate, baseline);
    }

    /**
     * Both catalogs in the order of the given round: the candidate first in even rounds, the baseline
     * first in odd ones, so that neither always runs on the caches the other just warmed.
     */
    public List<BenchmarkCatalog> inRound(int round)
    {
        return round % 2 == 0 ? List.of(candidate, baseline) : List.of(baseline, candidate);
    }
}
