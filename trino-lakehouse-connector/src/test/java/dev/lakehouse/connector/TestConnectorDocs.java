package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.bloom.BloomIndexConfig;
import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.RestCatalogConfig;
import dev.lakehouse.connector.planning.PlanningConfig;
import dev.lakehouse.connector.procedure.MaintenanceConfig;
import dev.lakehouse.connector.reader.ReaderConfig;
import dev.lakehouse.connector.writer.WriterConfig;
import io.airlift.configuration.Config;
import io.trino.spi.connector.Connector;
import io.trino.spi.session.PropertyMetadata;
import io.trino.testing.TestingConnectorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector's documentation stays true: every configuration example in it (and the shipped
 * {@code etc/catalog/lakehouse.properties}) starts a connector, and every property is documented.
 */
final class TestConnectorDocs
{
    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path DOCS = REPOSITORY.resolve("docs/connector.md");
    private static final Pattern PROPERTIES_BLOCK = Pattern.compile("```properties\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path data;

    @Test
    void testEveryConfigurationExampleStartsTheConnector()
            throws IOException
    {
        List<String> examples = propertiesBlocks(Files.readString(DOCS));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
        for (String example : examples) {
            createConnector(example);
        }
    }

    @Test
    void testShippedCatalogFileStartsTheConnector()
            throws IOException
    {
        createConnector(Files.readString(REPOSITORY.resolve("etc/catalog/lakehouse.properties")));
    }

    @Test
    void testEveryPropertyIsDocumented()
            throws IOException
    {
        String docs = Files.readString(DOCS);
        for (Class<?> configClass : List.of(LakehouseConfig.class, JdbcCatalogConfig.class, RestCatalogConfig.class, WriterConfig.class, ReaderConfig.class, PlanningConfig.class, BloomIndexConfig.class, MaintenanceConfig.class)) {
            for (Method method : configClass.getMethods()) {
                Config config = method.getAnnotation(Config.class);
                if (config != null) {
                    assertThat(docs).as("docs/connector.md documents %s", config.value()).contains("`" + config.value() + "`");
                }
            }
        }
        for (PropertyMetadata<?> property : new LakehouseTableProperties(new WriterConfig()).getTableProperties()) {
            assertThat(docs).as("docs/connector.md documents table property %s", property.getName()).contains("| `" + property.getName() + "` |");
        }
        for (PropertyMetadata<?> property : new LakehouseSessionProperties(new PlanningConfig(), new WriterConfig()).getSessionProperties()) {
            assertThat(docs).as("docs/connector.md documents session property %s", property.getName()).contains("| `" + property.getName() + "` |");
        }
        for (PropertyMetadata<?> property : LakehouseSchemaProperties.SCHEMA_PROPERTIES) {
            assertThat(docs).as("docs/connector.md documents schema property %s", property.getName()).contains("| `" + property.getName() + "` |");
        }
        for (LakehouseErrorCode code : LakehouseErrorCode.values()) {
            assertThat(docs).as("docs/connector.md documents error %s", code).contains("`" + code.name() + "`");
        }
    }

    private void createConnector(String catalogFile)
            throws IOException
    {
        Properties properties = new Properties();
        // ${ENV:NAME} is Trino's placeholder for an environment variable: here, a folder of the test
        properties.load(new StringReader(catalogFile.replaceAll("\\$\\{ENV:[A-Z_]+}", Matcher.quoteReplacement(data.toString()))));
        assertThat(properties.getProperty("connector.name")).isEqualTo("lakehouse");
        ImmutableMap.Builder<String, String> config = ImmutableMap.builder();
        for (String name : properties.stringPropertyNames()) {
            if (!name.equals("connector.name")) {
                config.put(name, properties.getProperty(name));
            }
        }
        Connector connector = new LakehouseConnectorFactory().create("lakehouse", config.buildOrThrow(), new TestingConnectorContext());
        connector.shutdown();
    }

    private static List<String> propertiesBlocks(String markdown)
    {
        ImmutableList.Builder<String> blocks = ImmutableList.builder();
        Matcher matcher = PROPERTIES_BLOCK.matcher(markdown);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks.build();
    }
}
