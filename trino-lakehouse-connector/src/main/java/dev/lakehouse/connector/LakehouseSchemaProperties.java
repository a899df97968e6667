package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import io.trino.spi.session.PropertyMetadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.session.PropertyMetadata.stringProperty;

public final class LakehouseSchemaProperties
{
    public static final String LOCATION = "location";

    public static final List<PropertyMetadata<?>> SCHEMA_PROPERTIES = ImmutableList.of(
            stringProperty(LOCATION, "Location of the schema's tables; by default a folder named after the schema in the warehouse", null, false));

    private LakehouseSchemaProperties() {}

    public static Optional<String> getLocation(Map<String, Object> schemaProperties)
    {
        return Optional.ofNullable((String) schemaProperties.get(LOCATION));
    }
}
