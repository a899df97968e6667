package dev.lakehouse.connector;

import io.trino.testing.BaseConnectorSmokeTest;
import io.trino.testing.TestingConnectorBehavior;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trino's connector smoke tests, run on each kind of catalog and storage.
 */
abstract class BaseLakehouseConnectorSmokeTest
        extends BaseConnectorSmokeTest
{
    @Override
    protected boolean hasBehavior(TestingConnectorBehavior connectorBehavior)
    {
        return switch (connectorBehavior) {
            case SUPPORTS_DELETE,
                    SUPPORTS_ROW_LEVEL_DELETE,
                    SUPPORTS_UPDATE,
                    SUPPORTS_MERGE,
                    SUPPORTS_TRUNCATE -> true;
            case SUPPORTS_RENAME_SCHEMA,
                    SUPPORTS_CREATE_OR_REPLACE_TABLE,
                    SUPPORTS_CREATE_MATERIALIZED_VIEW -> false;
            default -> super.hasBehavior(connectorBehavior);
        };
    }

    /**
     * The start of every table location: the warehouse as a URI.
     */
    protected abstract String warehouseUri();

    @Test
    @Override
    public void testShowCreateTable()
    {
        assertThat((String) computeScalar("SHOW CREATE TABLE region"))
                .matches("""
                        CREATE TABLE lakehouse.tpch.region \\(
                           regionkey bigint,
                           name varchar,
                           comment varchar
                        \\)
                        WITH \\(
                           format_version = 2,
                           location = '\\Q%s\\E/tpch/region-[0-9a-f]{32}'
                        \\)""".formatted(warehouseUri()));
    }
}
