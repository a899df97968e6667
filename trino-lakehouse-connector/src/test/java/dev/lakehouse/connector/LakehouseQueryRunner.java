package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.trino.Session;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import io.trino.tpch.TpchTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.trino.testing.QueryAssertions.copyTpchTables;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.util.Objects.requireNonNull;

/**
 * A Trino cluster in the test JVM with the {@code lakehouse} catalog (warehouse in a new temporary folder,
 * embedded catalog) and the {@code tpch} catalog, optionally with TPC-H tables copied into {@code lakehouse.tpch}.
 */
public final class LakehouseQueryRunner
{
    public static final String CATALOG = "lakehouse";
    public static final String SCHEMA = "tpch";

    // Iceberg logs every table load and commit at INFO; held here so the level is not lost with the logger
    private static final Logger ICEBERG_LOGGER = Logger.getLogger("org.apache.iceberg");

    private LakehouseQueryRunner() {}

    public static Builder builder()
    {
        return new Builder();
    }

    public static final class Builder
            extends DistributedQueryRunner.Builder<Builder>
    {
        private final Map<String, String> connectorProperties = new HashMap<>();
        private List<TpchTable<?>> initialTables = ImmutableList.of();
        private Path warehouse;

        private Builder()
        {
            super(testSessionBuilder()
                    .setCatalog(CATALOG)
                    .setSchema(SCHEMA)
                    .build());
        }

        public Builder addConnectorProperty(String name, String value)
        {
            connectorProperties.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        public Builder setInitialTables(List<TpchTable<?>> initialTables)
        {
            this.initialTables = ImmutableList.copyOf(initialTables);
            return this;
        }

        public Builder setWarehouse(Path warehouse)
        {
            this.warehouse = requireNonNull(warehouse, "warehouse is null");
            return this;
        }

        @Override
        public DistributedQueryRunner build()
                throws Exception
        {
            ICEBERG_LOGGER.setLevel(Level.WARNING);
            DistributedQueryRunner queryRunner = super.build();
            try {
                queryRunner.installPlugin(new TpchPlugin());
                queryRunner.createCatalog("tpch", "tpch");

                Path warehouseFolder = warehouse;
                if (warehouseFolder == null) {
                    Path temporaryWarehouse = Files.createTempDirectory("lakehouse-warehouse");
                    queryRunner.registerResource(() -> deleteRecursively(temporaryWarehouse, ALLOW_INSECURE));
                    warehouseFolder = temporaryWarehouse;
                }
                queryRunner.installPlugin(new LakehousePlugin());
                Map<String, String> properties = new HashMap<>(connectorProperties);
                properties.putIfAbsent("lakehouse.warehouse", warehouseFolder.toString());
                queryRunner.createCatalog(CATALOG, "lakehouse", ImmutableMap.copyOf(properties));

                queryRunner.execute("CREATE SCHEMA IF NOT EXISTS " + CATALOG + "." + SCHEMA);
                Session session = queryRunner.getDefaultSession();
                copyTpchTables(queryRunner, "tpch", "tiny", session, initialTables);
                return queryRunner;
            }
            catch (Exception e) {
                queryRunner.close();
                throw e;
            }
        }
    }

    public static void main(String[] args)
            throws Exception
    {
        QueryRunner queryRunner = builder()
                .addCoordinatorProperty("http-server.http.port", "8080")
                .setInitialTables(TpchTable.getTables())
                .build();
        System.out.println("Lakehouse query runner started: " + ((DistributedQueryRunner) queryRunner).getCoordinator().getBaseUrl());
    }
}
