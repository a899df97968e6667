package dev.lakehouse.access.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.access.rules.RuleReference;
import io.airlift.units.DataSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

final class TestFileAuditLog
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void testWritesOneJsonLinePerEvent(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("log/audit.log");
        FileAuditLog log = new FileAuditLog(config(file, 1024 * 1024, 3, 100, "0s").setLogAllowed(false));
        log.record(AuditEvent.builder(AuditEvent.ACCESS)
                .time(Instant.parse("2025-06-01T10:15:30.123Z"))
                .queryId(Optional.of("20250601_101530_00001_abcde"))
                .user("alice", Set.of("analysts"), Set.of("pii_reader"))
                .action("select")
                .object("table", "lakehouse.sales.orders")
                .columns(List.of("id", "ssn"))
                .decision("deny", new RuleReference("rules[3]", OptionalInt.of(42), Optional.of("no-ssn")))
                .build());
        log.record(AuditEvent.builder(AuditEvent.COLUMN_MASKS)
                .time(Instant.parse("2025-06-01T10:15:31Z"))
                .user("bob", Set.of(), Set.of())
                .action("column_mask")
                .object("table", "lakehouse.sales.orders")
                .decision("mask")
                .masks(List.of(new AuditEvent.Mask("email", Optional.of("hash"), "lower(to_hex(sha256(to_utf8(\"email\"))))", new RuleReference("rules[4]", OptionalInt.of(50), Optional.empty()))))
                .build());
        log.close();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("""
                {"time":"2025-06-01T10:15:30.123Z","event":"access","query_id":"20250601_101530_00001_abcde","user":"alice","groups":["analysts"],"roles":["pii_reader"],\
                "action":"select","object_type":"table","object":"lakehouse.sales.orders","columns":["id","ssn"],"decision":"deny","rule":"rules[3]","rule_name":"no-ssn","rule_line":42}""");
        JsonNode mask = JSON.readTree(lines.get(1));
        assertThat(mask.get("event").asText()).isEqualTo("column_masks");
        assertThat(mask.get("masks").get(0).get("column").asText()).isEqualTo("email");
        assertThat(mask.get("masks").get(0).get("template").asText()).isEqualTo("hash");
        assertThat(mask.get("masks").get(0).get("rule_line").asInt()).isEqualTo(50);
        assertThat(log.writtenEvents()).isEqualTo(2);
        assertThat(log.droppedEvents()).isZero();
    }

    @Test
    void testRotatesBySizeKeepingHistory(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("audit.log");
        FileAuditLog log = new FileAuditLog(config(file, 1000, 2, 10_000, "10ms").setLogAllowed(true));
        for (int index = 0; index < 100; index++) {
            log.record(AuditEvent.builder(AuditEvent.ACCESS).user("user" + index, Set.of(), Set.of()).action("select").object("table", "c.s.t").decision("allow").build());
        }
        log.close();

        assertThat(Files.list(directory).map(path -> path.getFileName().toString()))
                .containsExactlyInAnyOrder("audit.log", "audit.log.1", "audit.log.2");
        for (String name : List.of("audit.log", "audit.log.1", "audit.log.2")) {
            Path part = directory.resolve(name);
            assertThat(Files.size(part)).isLessThanOrEqualTo(1000);
            for (String line : Files.readAllLines(part)) {
                assertThat(JSON.readTree(line).get("action").asText()).isEqualTo("select");
            }
        }
        // the newest events are in the current file, the oldest were deleted with the third rotation
        List<String> current = Files.readAllLines(file);
        assertThat(JSON.readTree(current.getLast()).get("user").asText()).isEqualTo("user99");
        List<String> oldest = Files.readAllLines(directory.resolve("audit.log.2"));
        assertThat(JSON.readTree(oldest.getFirst()).get("user").asText()).isNotEqualTo("user0");
    }

    @Test
    void testFullQueueDropsAndRecordsTheLoss(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("audit.log");
        // the writer is not started: the queue (5 events) fills, and the rest is dropped at once
        FileAuditLog log = FileAuditLog.createStopped(config(file, 1024 * 1024, 1, 5, "0s"));
        for (int index = 0; index < 12; index++) {
            log.record(AuditEvent.builder(AuditEvent.ACCESS).user("user" + index, Set.of(), Set.of()).action("select").decision("deny").build());
        }
        assertThat(log.droppedEvents()).isEqualTo(7);
        log.start();
        log.close();

        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).hasSize(6);
        assertThat(events.getFirst().get("event").asText()).isEqualTo("audit_events_dropped");
        assertThat(events.getFirst().get("count").asLong()).isEqualTo(7);
        assertThat(events.subList(1, 6)).extracting(event -> event.get("user").asText())
                .containsExactly("user0", "user1", "user2", "user3", "user4");
    }

    @Test
    void testAppendsToExistingFile(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("audit.log");
        Files.writeString(file, "{\"event\":\"earlier\"}\n");
        FileAuditLog log = new FileAuditLog(config(file, 1024 * 1024, 1, 10, "0s"));
        log.record(AuditEvent.builder(AuditEvent.ACCESS).action("select").decision("deny").build());
        log.close();
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"event\":\"earlier\"}");
    }

    private static AuditConfig config(Path file, long maxFileSize, int maxHistory, int queueSize, String syncInterval)
    {
        return new AuditConfig()
                .setPath(file)
                .setMaxFileSize(DataSize.ofBytes(maxFileSize))
                .setMaxHistory(maxHistory)
                .setQueueSize(queueSize)
                .setSyncInterval(io.airlift.units.Duration.valueOf(syncInterval));
    }
}
