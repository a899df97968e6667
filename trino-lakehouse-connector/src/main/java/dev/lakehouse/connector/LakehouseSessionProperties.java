package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.connector.planning.PlanningConfig;
import dev.lakehouse.connector.writer.LakehouseCompression;
import dev.lakehouse.connector.writer.WriterConfig;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.session.PropertyMetadata;

import java.util.List;

import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static io.trino.plugin.base.session.PropertyMetadataUtil.dataSizeProperty;
import static io.trino.plugin.base.session.PropertyMetadataUtil.durationProperty;
import static io.trino.plugin.base.session.PropertyMetadataUtil.validateMinDataSize;
import static io.trino.spi.session.PropertyMetadata.booleanProperty;
import static io.trino.spi.session.PropertyMetadata.enumProperty;

public final class LakehouseSessionProperties
{
    public static final String DYNAMIC_FILTERING_WAIT_TIMEOUT = "dynamic_filtering_wait_timeout";
    public static final String PARQUET_IGNORE_STATISTICS = "parquet_ignore_statistics";
    public static final String COMPRESSION_CODEC = "compression_codec";
    public static final String PROJECTION_PUSHDOWN_ENABLED = "projection_pushdown_enabled";
    public static final String WRITER_MAX_MEMORY = "writer_max_memory";
    private static final DataSize MIN_WRITER_MEMORY = DataSize.of(1, MEGABYTE);

    private final List<PropertyMetadata<?>> sessionProperties;

    @Inject
    public LakehouseSessionProperties(PlanningConfig planningConfig, WriterConfig writerConfig)
    {
        sessionProperties = ImmutableList.of(
                durationProperty(
                        DYNAMIC_FILTERING_WAIT_TIMEOUT,
                        "How long split generation waits for dynamic filters from joins",
                        planningConfig.getDynamicFilteringWaitTimeout(),
                        false),
                booleanProperty(
                        PARQUET_IGNORE_STATISTICS,
                        "Read every row group, ignoring Parquet statistics (to compare, or to read files with wrong statistics)",
                        false,
                        false),
                enumProperty(
                        COMPRESSION_CODEC,
                        "Compression of data files written by this session",
                        LakehouseCompression.class,
                        writerConfig.getCompression(),
                        false),
                booleanProperty(
                        PROJECTION_PUSHDOWN_ENABLED,
                        "Read only the nested fields of row columns a query uses",
                        true,
                        false),
                dataSizeProperty(
                        WRITER_MAX_MEMORY,
                        "Memory the writers of this session's writes on a node share for rows not yet in finished files; past its share, a writer writes out the partitions holding most",
                        writerConfig.getMaxMemory(),
                        value -> validateMinDataSize(WRITER_MAX_MEMORY, value, MIN_WRITER_MEMORY),
                        false));
    }

    public List<PropertyMetadata<?>> getSessionProperties()
    {
        return sessionProperties;
    }

    public static Duration getDynamicFilteringWaitTimeout(ConnectorSession session)
    {
        return session.getProperty(DYNAMIC_FILTERING_WAIT_TIMEOUT, Duration.class);
    }

    public static boolean isParquetIgnoreStatistics(ConnectorSession session)
    {
        return session.getProperty(PARQUET_IGNORE_STATISTICS, Boolean.class);
    }

    public static boolean isProjectionPushdownEnabled(ConnectorSession session)
    {
        return session.getProperty(PROJECTION_PUSHDOWN_ENABLED, Boolean.class);
    }

    public static DataSize getWriterMaxMemory(ConnectorSession session)
    {
        return session.getProperty(WRITER_MAX_MEMORY, DataSize.class);
    }

    public static LakehouseCompression getCompressionCodec(ConnectorSession session)
    {
        return session.getProperty(COMPRESSION_CODEC, LakehouseCompression.class);
    }
}
