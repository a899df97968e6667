package dev.lakehouse.access.audit;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDataSize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;

import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The audit log: where it is written, what goes in, how it is rotated and how durable it is.
 */
public class AuditConfig
{
    private boolean enabled = true;
    private Path path = Path.of("var/log/access-audit.log");
    private boolean logAllowed;
    private DataSize maxFileSize = DataSize.of(100, MEGABYTE);
    private int maxHistory = 10;
    private int queueSize = 10_000;
    private Duration syncInterval = new Duration(1, SECONDS);

    public boolean isEnabled()
    {
        return enabled;
    }

    @Config("audit.enabled")
    @ConfigDescription("Write the audit log")
    public AuditConfig setEnabled(boolean enabled)
    {
        this.enabled = enabled;
        return this;
    }

    @NotNull
    public Path getPath()
    {
        return path;
    }

    @Config("audit.path")
    @ConfigDescription("The audit log file; relative paths are relative to the server's data directory")
    public AuditConfig setPath(Path path)
    {
        this.path = path;
        return this;
    }

    public boolean isLogAllowed()
    {
        return logAllowed;
    }

    @Config("audit.log-allowed")
    @ConfigDescription("Also log the checks that were allowed, not only denials, masks and filters")
    public AuditConfig setLogAllowed(boolean logAllowed)
    {
        this.logAllowed = logAllowed;
        return this;
    }

    @NotNull
    @MinDataSize("1kB")
    public DataSize getMaxFileSize()
    {
        return maxFileSize;
    }

    @Config("audit.max-file-size")
    @ConfigDescription("The size at which the log is rotated")
    public AuditConfig setMaxFileSize(DataSize maxFileSize)
    {
        this.maxFileSize = maxFileSize;
        return this;
    }

    @Min(0)
    @Max(1000)
    public int getMaxHistory()
    {
        return maxHistory;
    }

    @Config("audit.max-history")
    @ConfigDescription("How many rotated files are kept (file.1 is the newest); older ones are deleted")
    public AuditConfig setMaxHistory(int maxHistory)
    {
        this.maxHistory = maxHistory;
        return this;
    }

    @Min(1)
    public int getQueueSize()
    {
        return queueSize;
    }

    @Config("audit.queue-size")
    @ConfigDescription("How many events may wait for the disk; when the queue is full, new events are dropped and counted, never waited for")
    public AuditConfig setQueueSize(int queueSize)
    {
        this.queueSize = queueSize;
        return this;
    }

    @NotNull
    @MaxDuration("1h")
    public Duration getSyncInterval()
    {
        return syncInterval;
    }

    @Config("audit.sync-interval")
    @ConfigDescription("How often written events are forced to the disk (fsync); 0s forces after every batch")
    public AuditConfig setSyncInterval(Duration syncInterval)
    {
        this.syncInterval = syncInterval;
        return this;
    }
}
