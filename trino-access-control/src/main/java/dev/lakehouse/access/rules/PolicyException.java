package dev.lakehouse.access.rules;

import io.trino.spi.TrinoException;

import java.util.Optional;
import java.util.OptionalInt;

import static dev.lakehouse.access.AccessControlErrorCode.ACCESS_CONTROL_POLICY_INVALID;
import static java.util.Objects.requireNonNull;

/**
 * A policy file that cannot be used, with the file, the line and the rule at fault:
 * {@code Invalid access control policy /etc/trino/policy.json, line 12, rule tables[3]: 'privileges' is required}.
 */
public class PolicyException
        extends TrinoException
{
    private final String file;
    private final OptionalInt line;
    private final Optional<String> rule;
    private final String problem;

    public PolicyException(String file, OptionalInt line, Optional<String> rule, String problem, Throwable cause)
    {
        super(ACCESS_CONTROL_POLICY_INVALID, format(file, line, rule, problem), cause);
        this.file = requireNonNull(file, "file is null");
        this.line = requireNonNull(line, "line is null");
        this.rule = requireNonNull(rule, "rule is null");
        this.problem = requireNonNull(problem, "problem is null");
    }

    public PolicyException(String file, OptionalInt line, Optional<String> rule, String problem)
    {
        this(file, line, rule, problem, null);
    }

    private static String format(String file, OptionalInt line, Optional<String> rule, String problem)
    {
        StringBuilder message = new StringBuilder("Invalid access control policy ").append(file);
        line.ifPresent(value -> message.append(", line ").append(value));
        rule.ifPresent(value -> message.append(", rule ").append(value));
        return message.append(": ").append(problem).toString();
    }

    public String file()
    {
        return file;
    }

    public OptionalInt line()
    {
        return line;
    }

    public Optional<String> rule()
    {
        return rule;
    }

    public String problem()
    {
        return problem;
    }
}
