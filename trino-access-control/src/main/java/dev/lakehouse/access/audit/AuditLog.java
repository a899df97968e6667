package dev.lakehouse.access.audit;

/**
 * Where audit events go. {@link #record} never blocks and never fails the query that caused it.
 */
public interface AuditLog
{
    /**
     * Whether allowed checks are recorded too, not only denials, masks and filters.
     */
    boolean recordsAllowed();

    void record(AuditEvent event);

    AuditLog DISABLED = new AuditLog()
    {
        @Override
        public boolean recordsAllowed()
        {
            return false;
        }

        @Override
        public void record(AuditEvent event) {}
    };
}
