package dev.lakehouse.access.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.access.rules.RuleReference;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One line of the audit log. Written as a JSON object with these fields (absent ones left out):
 * {@code time}, {@code event}, {@code query_id}, {@code user}, {@code groups}, {@code roles},
 * {@code action}, {@code object_type}, {@code object}, {@code columns}, {@code decision},
 * {@code rule}, {@code rule_name}, {@code rule_line}, {@code masks}, {@code filters},
 * {@code count}, {@code detail}.
 */
public final class AuditEvent
{
    public static final String ACCESS = "access";
    public static final String COLUMN_MASKS = "column_masks";
    public static final String ROW_FILTERS = "row_filters";
    public static final String POLICY_LOADED = "policy_loaded";
    public static final String POLICY_REJECTED = "policy_rejected";
    public static final String EVENTS_DROPPED = "audit_events_dropped";

    private final Instant time;
    private final String event;
    private final Optional<String> queryId;
    private final Optional<String> user;
    private final Set<String> groups;
    private final Set<String> roles;
    private final Optional<String> action;
    private final Optional<String> objectType;
    private final Optional<String> object;
    private final List<String> columns;
    private final Optional<String> decision;
    private final Optional<RuleReference> rule;
    private final List<Mask> masks;
    private final List<Filter> filters;
    private final Optional<Long> count;
    private final Optional<String> detail;

    private AuditEvent(Builder builder)
    {
        this.time = requireNonNull(builder.time, "time is null");
        this.event = requireNonNull(builder.event, "event is null");
        this.queryId = Optional.ofNullable(builder.queryId);
        this.user = Optional.ofNullable(builder.user);
        this.groups = ImmutableSet.copyOf(builder.groups);
        this.roles = ImmutableSet.copyOf(builder.roles);
        this.action = Optional.ofNullable(builder.action);
        this.objectType = Optional.ofNullable(builder.objectType);
        this.object = Optional.ofNullable(builder.object);
        this.columns = ImmutableList.copyOf(builder.columns);
        this.decision = Optional.ofNullable(builder.decision);
        this.rule = Optional.ofNullable(builder.rule);
        this.masks = ImmutableList.copyOf(builder.masks);
        this.filters = ImmutableList.copyOf(builder.filters);
        this.count = Optional.ofNullable(builder.count);
        this.detail = Optional.ofNullable(builder.detail);
    }

    public static Builder builder(String event)
    {
        return new Builder(event);
    }

    public String event()
    {
        return event;
    }

    public Optional<String> queryId()
    {
        return queryId;
    }

    public Optional<String> user()
    {
        return user;
    }

    public Set<String> groups()
    {
        return groups;
    }

    /**
     * The user's roles: those enabled in the session and those the policy grants.
     */
    public Set<String> roles()
    {
        return roles;
    }

    public Optional<String> action()
    {
        return action;
    }

    public Optional<String> objectType()
    {
        return objectType;
    }

    public Optional<String> object()
    {
        return object;
    }

    public List<String> columns()
    {
        return columns;
    }

    public Optional<String> decision()
    {
        return decision;
    }

    public Optional<RuleReference> rule()
    {
        return rule;
    }

    public List<Mask> masks()
    {
        return masks;
    }

    public List<Filter> filters()
    {
        return filters;
    }

    public Optional<Long> count()
    {
        return count;
    }

    public Optional<String> detail()
    {
        return detail;
    }

    public void write(JsonGenerator generator)
            throws IOException
    {
        generator.writeStartObject();
        generator.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(time));
        generator.writeStringField("event", event);
        writeOptional(generator, "query_id", queryId);
        writeOptional(generator, "user", user);
        if (user.isPresent()) {
            writeArray(generator, "groups", groups);
            writeArray(generator, "roles", roles);
        }
        writeOptional(generator, "action", action);
        writeOptional(generator, "object_type", objectType);
        writeOptional(generator, "object", object);
        if (!columns.isEmpty()) {
            writeArray(generator, "columns", columns);
        }
        writeOptional(generator, "decision", decision);
        if (rule.isPresent()) {
            writeRule(generator, rule.get());
        }
        if (!masks.isEmpty()) {
            generator.writeArrayFieldStart("masks");
            for (Mask mask : masks) {
                generator.writeStartObject();
                generator.writeStringField("column", mask.column());
                writeOptional(generator, "template", mask.template());
                generator.writeStringField("expression", mask.expression());
                writeRule(generator, mask.rule());
                generator.writeEndObject();
            }
            generator.writeEndArray();
        }
        if (!filters.isEmpty()) {
            generator.writeArrayFieldStart("filters");
            for (Filter filter : filters) {
                generator.writeStartObject();
                generator.writeStringField("expression", filter.expression());
                writeRule(generator, filter.rule());
                generator.writeEndObject();
            }
            generator.writeEndArray();
        }
        if (count.isPresent()) {
            generator.writeNumberField("count", count.get());
        }
        writeOptional(generator, "detail", detail);
        generator.writeEndObject();
    }

    private static void writeRule(JsonGenerator generator, RuleReference rule)
            throws IOException
    {
        generator.writeStringField("rule", rule.id());
        writeOptional(generator, "rule_name", rule.name());
        if (rule.line().isPresent()) {
            generator.writeNumberField("rule_line", rule.line().getAsInt());
        }
    }

    private static void writeOptional(JsonGenerator generator, String name, Optional<String> value)
            throws IOException
    {
        if (value.isPresent()) {
            generator.writeStringField(name, value.get());
        }
    }

    private static void writeArray(JsonGenerator generator, String name, Iterable<String> values)
            throws IOException
    {
        generator.writeArrayFieldStart(name);
        for (String value : values) {
            generator.writeString(value);
        }
        generator.writeEndArray();
    }

    public record Mask(String column, Optional<String> template, String expression, RuleReference rule)
    {
        public Mask
        {
            requireNonNull(column, "column is null");
            requireNonNull(template, "template is null");
            requireNonNull(expression, "expression is null");
            requireNonNull(rule, "rule is null");
        }
    }

    public record Filter(String expression, RuleReference rule)
    {
        public Filter
        {
            requireNonNull(expression, "expression is null");
            requireNonNull(rule, "rule is null");
        }
    }

    public static final class Builder
    {
        private Instant time = Instant.now();
        private final String event;
        private String queryId;
        private String user;
        private Set<String> groups = ImmutableSet.of();
        private Set<String> roles = ImmutableSet.of();
        private String action;
        private String objectType;
        private String object;
        private List<String> columns = ImmutableList.of();
        private String decision;
        private RuleReference rule;
        private List<Mask> masks = ImmutableList.of();
        private List<Filter> filters = ImmutableList.of();
        private Long count;
        private String detail;

        private Builder(String event)
        {
            this.event = requireNonNull(event, "event is null");
        }

        public Builder time(Instant time)
        {
            this.time = requireNonNull(time, "time is null");
            return this;
        }

        public Builder queryId(Optional<String> queryId)
        {
            this.queryId = queryId.orElse(null);
            return this;
        }

        public Builder user(String user, Set<String> groups, Set<String> roles)
        {
            this.user = requireNonNull(user, "user is null");
            this.groups = requireNonNull(groups, "groups is null");
            this.roles = requireNonNull(roles, "roles is null");
            return this;
        }

        public Builder action(String action)
        {
            this.action = requireNonNull(action, "action is null");
            return this;
        }

        public Builder object(String objectType, String object)
        {
            this.objectType = requireNonNull(objectType, "objectType is null");
            this.object = requireNonNull(object, "object is null");
            return this;
        }

        public Builder columns(Iterable<String> columns)
        {
            this.columns = ImmutableList.copyOf(columns);
            return this;
        }

        public Builder decision(String decision, RuleReference rule)
        {
            this.decision = requireNonNull(decision, "decision is null");
            this.rule = requireNonNull(rule, "rule is null");
            return this;
        }

        public Builder decision(String decision)
        {
            this.decision = requireNonNull(decision, "decision is null");
            return this;
        }

        public Builder masks(List<Mask> masks)
        {
            this.masks = requireNonNull(masks, "masks is null");
            return this;
        }

        public Builder filters(List<Filter> filters)
        {
            this.filters = requireNonNull(filters, "filters is null");
            return this;
        }

        public Builder count(long count)
        {
            this.count = count;
            return this;
        }

        public Builder detail(String detail)
        {
            this.detail = requireNonNull(detail, "detail is null");
            return this;
        }

        public AuditEvent build()
        {
            return new AuditEvent(this);
        }
    }
}
