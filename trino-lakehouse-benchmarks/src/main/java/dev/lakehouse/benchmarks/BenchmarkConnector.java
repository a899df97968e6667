package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableMap;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A connector the benchmark can compare, and how to configure a catalog of it over the shared
 * Iceberg JDBC catalog on PostgreSQL and the shared warehouse folder.
 */
public enum BenchmarkConnector
{
    /**
     * Our connector, installed in the server. Its catalog properties are those of its JDBC catalog
     * on PostgreSQL; {@code --candidate-property} and {@code --baseline-property} add or replace some.
     */
    LAKEHOUSE {
        @Override
        public Map<String, String> catalogProperties(CatalogDatabase database, String warehouse)
        {
            return ImmutableMap.<String, String>builder()
                    .put("connector.name", "lakehouse")
                    .put("lakehouse.warehouse", warehouse)
                    .put("lakehouse.catalog.type", "jdbc")
                    .put("lakehouse.catalog.jdbc.url", database.jdbcUrl())
                    .put("lakehouse.catalog.jdbc.user", database.user())
                    .put("lakehouse.catalog.jdbc.password", database.password())
                    .put("lakehouse.catalog.jdbc.catalog-name", database.catalogName())
                    // the daily-partitioned table has about 2,500 partitions, written by few writers, and each
                    // statement writing needle_files 10,000 (the most the connector allows)
                    .put("lakehouse.writer.max-open-partitions", Integer.toString(ManyFilesTable.FILES_PER_STATEMENT))
                    .buildOrThrow();
        }

        @Override
        public Optional<String> extraPlugin()
        {
            return Optional.empty();
        }

        @Override
        public String bloomFilterColumnsProperty()
        {
            return "bloom_filter_columns";
        }

        @Override
        public Optional<String> bloomFilterFppProperty()
        {
            return Optional.of("bloom_filter_fpp");
        }

        @Override
        public boolean writesBloomIndex()
        {
            return true;
        }

        @Override
        public String formatVersionProperty()
        {
            return "format_version";
        }
    },

    /**
     * Trino's own Iceberg connector ({@code io.trino:trino-iceberg}), added to the server as a plugin.
     */
    ICEBERG {
        @Override
        public Map<String, String> catalogProperties(CatalogDatabase database, String warehouse)
        {
            return ImmutableMap.<String, String>builder()
                    .put("connector.name", "iceberg")
                    .put("iceberg.catalog.type", "jdbc")
                    .put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver")
                    .put("iceberg.jdbc-catalog.connection-url", database.jdbcUrl())
                    .put("iceberg.jdbc-catalog.connection-user", database.user())
                    .put("iceberg.jdbc-catalog.connection-password", database.password())
                    .put("iceberg.jdbc-catalog.catalog-name", database.catalogName())
                    .put("iceberg.jdbc-catalog.default-warehouse-dir", warehouse)
                    .put("fs.native-local.enabled", "true")
                    .put("local.location", "/")
                    // the daily-partitioned table has about 2,500 partitions, written by few writers
                    .put("iceberg.max-partitions-per-writer", "5000")
                    .buildOrThrow();
        }

        @Override
        public Optional<String> extraPlugin()
        {
            return Optional.of("iceberg");
        }

        @Override
        public String bloomFilterColumnsProperty()
        {
            return "parquet_bloom_filter_columns";
        }

        @Override
        public Optional<String> bloomFilterFppProperty()
        {
            // Trino 476 has an ORC one only: Parquet filters are written with the default fpp
            return Optional.empty();
        }

        @Override
        public boolean writesBloomIndex()
        {
            return false;
        }

        @Override
        public String formatVersionProperty()
        {
            return "format_version";
        }
    };

    /**
     * The properties of a catalog of this connector over the shared catalog database, with new
     * tables under {@code warehouse} (a {@code file://} URI).
     */
    public abstract Map<String, String> catalogProperties(CatalogDatabase database, String warehouse);

    /**
     * The plugin to add to the server for this connector; empty when the server has it installed.
     */
    public abstract Optional<String> extraPlugin();

    /**
     * The table property declaring the columns with bloom filters.
     */
    public abstract String bloomFilterColumnsProperty();

    /**
     * The table property setting the false-positive probability of the bloom filters, if the connector has one.
     */
    public abstract Optional<String> bloomFilterFppProperty();

    /**
     * Whether the connector writes a file-level bloom index (besides Parquet's row-group bloom filters).
     */
    public abstract boolean writesBloomIndex();

    /**
     * The table property setting the Iceberg format version of a new table.
     */
    public abstract String formatVersionProperty();

    /**
     * The connector's name, which is also the default name of its catalog.
     */
    public String connectorName()
    {
        return name().toLowerCase(Locale.ENGLISH);
    }

    /**
     * The connector named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the connectors there are, when there is none of that name
     */
    public static BenchmarkConnector fromName(String name)
    {
        for (BenchmarkConnector connector : values()) {
            if (connector.connectorName().equalsIgnoreCase(name)) {
                return connector;
            }
        }
        throw new IllegalArgumentException("Unknown connector '%s': the benchmark compares lakehouse and iceberg".formatted(name));
    }
}
