package dev.lakehouse.access.audit;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.List;

import static com.google.common.collect.ImmutableList.toImmutableList;

/**
 * Keeps the events in memory, for tests that check what was recorded.
 */
public final class TestingAuditLog
        implements AuditLog
{
    private final boolean recordsAllowed;
    private final List<AuditEvent> events = new ArrayList<>();

    private TestingAuditLog(boolean recordsAllowed)
    {
        this.recordsAllowed = recordsAllowed;
    }

    public static TestingAuditLog recordingDenials()
    {
        return new TestingAuditLog(false);
    }

    public static TestingAuditLog recordingEverything()
    {
        return new TestingAuditLog(true);
    }

    @Override
    public boolean recordsAllowed()
    {
        return recordsAllowed;
    }

    @Override
    public synchronized void record(AuditEvent event)
    {
        events.add(event);
    }

    public synchronized List<AuditEvent> events()
    {
        return ImmutableList.copyOf(events);
    }

    public synchronized List<AuditEvent> events(String event)
    {
        return events.stream().filter(value -> value.event().equals(event)).collect(toImmutableList());
    }

    public synchronized void clear()
    {
        events.clear();
    }
}
