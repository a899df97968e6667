package dev.lakehouse.cost.ledger;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MinDataSize;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import static io.airlift.units.DataSize.Unit.MEGABYTE;

public class SpoolConfig
{
    private String path = "cost/spool";
    private DataSize segmentSize = DataSize.of(16, MEGABYTE);

    @NotEmpty
    public String getPath()
    {
        return path;
    }

    @Config("cost.spool.path")
    @ConfigDescription("Folder of the local durable spool that holds metered queries until the ledger has them; a relative path is relative to the server's data directory")
    public SpoolConfig setPath(String path)
    {
        this.path = path;
        return this;
    }

    @NotNull
    @MinDataSize("64kB")
    @MaxDataSize("1GB")
    public DataSize getSegmentSize()
    {
        return segmentSize;
    }

    @Config("cost.spool.segment-size")
    @ConfigDescription("Size at which the spool starts a new file; a file is deleted once the ledger has all its records")
    public SpoolConfig setSegmentSize(DataSize segmentSize)
    {
        this.segmentSize = segmentSize;
        return this;
    }
}
