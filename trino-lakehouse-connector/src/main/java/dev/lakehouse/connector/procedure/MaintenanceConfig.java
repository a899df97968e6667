package dev.lakehouse.connector.procedure;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;

import static java.util.concurrent.TimeUnit.DAYS;

/**
 * The shortest retention thresholds the maintenance procedures accept: a shorter one could delete the
 * files of a snapshot that a running query or an uncommitted write still needs.
 */
public class MaintenanceConfig
{
    public static final String EXPIRE_SNAPSHOTS_MIN_RETENTION = "lakehouse.expire-snapshots.min-retention";
    public static final String REMOVE_ORPHAN_FILES_MIN_RETENTION = "lakehouse.remove-orphan-files.min-retention";

    private Duration expireSnapshotsMinRetention = new Duration(7, DAYS);
    private Duration removeOrphanFilesMinRetention = new Duration(7, DAYS);

    @NotNull
    @MinDuration("0s")
    public Duration getExpireSnapshotsMinRetention()
    {
        return expireSnapshotsMinRetention;
    }

    @Config(EXPIRE_SNAPSHOTS_MIN_RETENTION)
    @ConfigDescription("Shortest retention_threshold that expire_snapshots accepts")
    public MaintenanceConfig setExpireSnapshotsMinRetention(Duration expireSnapshotsMinRetention)
    {
        this.expireSnapshotsMinRetention = expireSnapshotsMinRetention;
        return this;
    }

    @NotNull
    @MinDuration("0s")
    public Duration getRemoveOrphanFilesMinRetention()
    {
        return removeOrphanFilesMinRetention;
    }

    @Config(REMOVE_ORPHAN_FILES_MIN_RETENTION)
    @ConfigDescription("Shortest retention_threshold that remove_orphan_files accepts")
    public MaintenanceConfig setRemoveOrphanFilesMinRetention(Duration removeOrphanFilesMinRetention)
    {
        this.removeOrphanFilesMinRetention = removeOrphanFilesMinRetention;
        return this;
    }
}
