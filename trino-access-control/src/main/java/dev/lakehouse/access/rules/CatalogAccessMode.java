package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The {@code allow} of a catalog rule: {@code owner}, {@code all} (or {@code true}),
 * {@code read-only}, {@code none} (or {@code false}).
 */
public enum CatalogAccessMode
{
    OWNER("owner"),
    ALL("all"),
    READ_ONLY("read-only"),
    NONE("none");

    private final String jsonName;

    CatalogAccessMode(String jsonName)
    {
        this.jsonName = requireNonNull(jsonName, "jsonName is null");
    }

    @JsonCreator
    public static CatalogAccessMode fromJson(Object value)
    {
        if (Boolean.TRUE.equals(value)) {
            return ALL;
        }
        if (Boolean.FALSE.equals(value)) {
            return NONE;
        }
        if (value instanceof String string) {
            String name = string.toLowerCase(Locale.ENGLISH);
            for (CatalogAccessMode mode : values()) {
                if (mode.jsonName.equals(name)) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("catalog access '%s' is none of owner, all, read-only, none, true, false".formatted(value));
    }

    /**
     * Whether a user granted this mode may do what {@code required} needs: owner implies all,
     * all implies read-only.
     */
    public boolean implies(CatalogAccessMode required)
    {
        return switch (this) {
            case OWNER -> required != NONE;
            case ALL -> required == ALL || required == READ_ONLY;
            case READ_ONLY -> required == READ_ONLY;
            case NONE -> required == NONE;
        };
    }

    @JsonValue
    @Override
    public String toString()
    {
        return jsonName;
    }
}
