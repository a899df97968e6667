package dev.lakehouse.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class TestBenchmarkCluster
{
    @Test
    void testStartFailureShowsTheServersErrorsFirst()
    {
        String message = """
                Trino cluster did not start: Trino server coordinator (port 37627) exited during start
                ===== coordinator (port 37627): last 80 lines of /work/benchmark-1/coordinator/server.log =====
                2026-11-21T21:36:43.187Z\tINFO\tmain\tBootstrap\ticeberg.target-max-file-size   1GB   1GB
                2026-11-21T21:36:43.764Z\tINFO\tmain\tio.trino.connector.StaticCatalogManager\t-- Loading catalog lakehouse --
                2026-11-21T21:36:44.057Z\tERROR\tmain\tio.trino.server.Server\tConfiguration errors:

                1) Error: Configuration property 'lakehouse.catalog.type' was not used
                """;
        assertThat(BenchmarkCluster.startFailure(message)).isEqualTo("""
                Trino cluster did not start: Trino server coordinator (port 37627) exited during start
                ===== coordinator (port 37627): last 80 lines of /work/benchmark-1/coordinator/server.log =====
                ...
                2026-11-21T21:36:44.057Z\tERROR\tmain\tio.trino.server.Server\tConfiguration errors:

                1) Error: Configuration property 'lakehouse.catalog.type' was not used
                """);

        // nothing to shorten
        assertThat(BenchmarkCluster.startFailure("Cannot find initdb")).isEqualTo("Cannot find initdb");
        String withoutErrors = "Trino cluster did not start: timed out\n===== coordinator: last 80 lines of server.log =====\n2026-11-21T21:36:43.187Z\tINFO\tmain\tBootstrap\tx\n";
        assertThat(BenchmarkCluster.startFailure(withoutErrors)).isEqualTo(withoutErrors);
    }
}
