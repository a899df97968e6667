package dev.lakehouse.access.rules;

import com.google.common.base.CharMatcher;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * A regular expression that must match a whole name, as in Trino's file-based rules. Patterns
 * without any regular-expression syntax are compared as plain strings, which is most rules
 * ({@code "catalog": "hive"}) and much faster than running the regex engine for every table.
 */
public final class NamePattern
{
    private static final CharMatcher REGEX_SYNTAX = CharMatcher.anyOf("\\^$.|?*+()[]{}");

    private final Pattern pattern;
    private final String literal;

    private NamePattern(Pattern pattern)
    {
        this.pattern = requireNonNull(pattern, "pattern is null");
        this.literal = REGEX_SYNTAX.matchesNoneOf(pattern.pattern()) ? pattern.pattern() : null;
    }

    /**
     * @throws IllegalArgumentException naming the pattern and the syntax error
     */
    public static NamePattern compile(String regex)
    {
        requireNonNull(regex, "regex is null");
        try {
            return new NamePattern(Pattern.compile(regex));
        }
        catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '%s': %s".formatted(regex, e.getDescription()), e);
        }
    }

    public static Optional<NamePattern> compile(Optional<String> regex)
    {
        return regex.map(NamePattern::compile);
    }

    public boolean matches(String value)
    {
        if (literal != null) {
            return literal.equals(value);
        }
        return pattern.matcher(value).matches();
    }

    public boolean matchesAny(Collection<String> values)
    {
        for (String value : values) {
            if (matches(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The exact name this pattern matches, when it contains no regular-expression syntax.
     */
    public Optional<String> literal()
    {
        return Optional.ofNullable(literal);
    }

    public String pattern()
    {
        return pattern.pattern();
    }

    static boolean matches(Optional<NamePattern> pattern, String value)
    {
        return pattern.isEmpty() || pattern.get().matches(value);
    }

    @Override
    public String toString()
    {
        return pattern.pattern();
    }
}
