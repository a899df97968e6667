package dev.lakehouse.access.rules;

import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Which rule decided: a rule of the policy file ({@code tables[3]}, at its line, with its name when
 * it has one) or one of the defaults that apply when the file says nothing.
 */
public record RuleReference(String id, OptionalInt line, Optional<String> name)
{
    public RuleReference
    {
        requireNonNull(id, "id is null");
        requireNonNull(line, "line is null");
        requireNonNull(name, "name is null");
    }

    public static RuleReference rule(String section, int index, int line, Optional<String> name)
    {
        return new RuleReference("%s[%s]".formatted(section, index), line > 0 ? OptionalInt.of(line) : OptionalInt.empty(), name);
    }

    /**
     * A decision no rule of the file made, for example "no rule in 'tables' matched".
     */
    public static RuleReference implicit(String description)
    {
        return new RuleReference(description, OptionalInt.empty(), Optional.empty());
    }

    RuleReference withName(Optional<String> name)
    {
        return new RuleReference(id, line, name);
    }

    /**
     * For messages and the audit log: {@code tables[3] 'hide-ssn' (line 42)}.
     */
    public String describe()
    {
        StringBuilder description = new StringBuilder(id);
        name.ifPresent(value -> description.append(" '").append(value).append("'"));
        line.ifPresent(value -> description.append(" (line ").append(value).append(")"));
        return description.toString();
    }

    @Override
    public String toString()
    {
        return describe();
    }
}
