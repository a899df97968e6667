package dev.lakehouse.cost;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.cost.budget.BudgetPolicy;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.connector.Connector;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.memory.ClusterMemoryPoolManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerContext;
import io.trino.spi.resourcegroups.SessionPropertyConfigurationManagerContext;
import io.trino.testing.TestingConnectorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every configuration example in {@code docs/cost.md}, and the default local setup in {@code etc/},
 * is accepted by the components it configures.
 */
final class TestDocumentedConfiguration
{
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CODE_BLOCK = Pattern.compile("^```(\\w+) (\\S+)\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("\\$\\{ENV:(\\w+)}");

    @TempDir
    Path directory;

    @Test
    void testEveryConfigurationExampleOfTheDocs()
            throws IOException
    {
        List<CodeBlock> blocks = codeBlocks(REPOSITORY.resolve("docs/cost.md"));
        assertThat(blocks).extracting(CodeBlock::name).contains(
                "etc/resource-groups.properties",
                "etc/event-listener-cost.properties",
                "etc/catalog/cost.properties",
                "etc/session-property-config.properties",
                "resource-groups.json",
                "budgets.json",
                "webhook");

        // the JSON files first: the properties name them
        Path etc = Files.createDirectories(directory.resolve("etc"));
        for (CodeBlock block : blocks) {
            if (block.language().equals("json") && block.name().endsWith(".json")) {
                Files.writeString(etc.resolve(block.name()), block.content());
            }
        }
        BudgetPolicy.parse(Files.readAllBytes(etc.resolve("budgets.json")));

        int configured = 0;
        for (CodeBlock block : blocks) {
            if (block.language().equals("properties")) {
                configure(block.name(), properties(block.content()));
                configured++;
            }
        }
        assertThat(configured).isEqualTo(5);
    }

    @Test
    void testDefaultLocalSetup()
            throws IOException
    {
        Path etc = directory.resolve("etc");
        copy(REPOSITORY.resolve("etc"), etc);
        configure("etc/resource-groups.properties", properties(Files.readString(etc.resolve("resource-groups.properties"))));
        configure("etc/event-listener-cost.properties", properties(Files.readString(etc.resolve("event-listener-cost.properties"))));
        configure("etc/catalog/cost.properties", properties(Files.readString(etc.resolve("catalog/cost.properties"))));
        configure("etc/session-property-config.properties", properties(Files.readString(etc.resolve("session-property-config.properties"))));
        assertThat(Files.readString(etc.resolve("config.properties")))
                .contains("event-listener.config-files=etc/event-listener-cost.properties");
    }

    /**
     * Creates the component the file configures, with its paths moved into the test's folder.
     */
    private void configure(String file, Map<String, String> original)
    {
        Map<String, String> properties = new HashMap<>();
        original.forEach((name, value) -> properties.put(name, resolve(value)));
        CostPlugin plugin = new CostPlugin();
        switch (file) {
            case "etc/resource-groups.properties" -> {
                assertThat(properties.remove("resource-groups.configuration-manager")).isEqualTo("lakehouse");
                ClusterMemoryPoolManager memoryPoolManager = _ -> {};
                ResourceGroupConfigurationManager<?> manager = plugin.getResourceGroupConfigurationManagerFactories().iterator().next()
                        .create(properties, new ResourceGroupConfigurationManagerContext()
                        {
                            @Override
                            public ClusterMemoryPoolManager getMemoryPoolManager()
                            {
                                return memoryPoolManager;
                            }
                        });
                manager.shutdown();
            }
            case "etc/event-listener-cost.properties" -> {
                assertThat(properties.remove("event-listener.name")).isEqualTo("lakehouse-cost");
                EventListener listener = plugin.getEventListenerFactories().iterator().next().create(properties, listenerContext());
                listener.shutdown();
            }
            case "etc/catalog/cost.properties" -> {
                assertThat(properties.remove("connector.name")).isEqualTo("lakehouse_cost");
                Connector connector = plugin.getConnectorFactories().iterator().next().create("cost", properties, new TestingConnectorContext());
                connector.shutdown();
            }
            case "etc/session-property-config.properties" -> {
                assertThat(properties.remove("session-property-config.configuration-manager")).isEqualTo("lakehouse");
                plugin.getSessionPropertyConfigurationManagerFactories().iterator().next().create(properties, new SessionPropertyConfigurationManagerContext() {});
            }
            default -> throw new AssertionError("No component reads " + file);
        }
    }

    /**
     * Relative paths are relative to the data directory, where Trino links {@code etc/}: here the
     * test's folder; absolute ones move into it; environment variables get a value.
     */
    private String resolve(String value)
    {
        Matcher variable = ENVIRONMENT_VARIABLE.matcher(value);
        value = variable.replaceAll(match -> Matcher.quoteReplacement(environmentValue(match.group(1))));
        if (value.startsWith("etc/")) {
            return directory.resolve(value).toString();
        }
        if (value.startsWith("/var/lib/trino/")) {
            return directory.resolve(value.substring("/var/lib/trino/".length())).toString();
        }
        return value;
    }

    private String environmentValue(String variable)
    {
        return switch (variable) {
            case "LAKEHOUSE_DATA" -> directory.toString();
            case "LAKEHOUSE_PORT" -> "8080";
            default -> "value-of-" + variable;
        };
    }

    private static Map<String, String> properties(String content)
    {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(content));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ImmutableMap.copyOf(Map.ofEntries(properties.entrySet().stream()
                .map(entry -> Map.entry((String) entry.getKey(), (String) entry.getValue()))
                .toArray(Map.Entry[]::new)));
    }

    static List<CodeBlock> codeBlocks(Path markdown)
            throws IOException
    {
        ImmutableList.Builder<CodeBlock> blocks = ImmutableList.builder();
        Matcher matcher = CODE_BLOCK.matcher(Files.readString(markdown, UTF_8));
        while (matcher.find()) {
            blocks.add(new CodeBlock(matcher.group(1), matcher.group(2), matcher.group(3)));
        }
        return blocks.build();
    }

    private static void copy(Path source, Path target)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                }
                else {
                    Files.copy(file, destination);
                }
            }
        }
    }

    private static EventListenerFactory.EventListenerContext listenerContext()
    {
        return new EventListenerFactory.EventListenerContext()
        {
            @Override
            public String getVersion()
            {
                return TrinoVersion.builtFor();
            }

            @Override
            public OpenTelemetry getOpenTelemetry()
            {
                return OpenTelemetry.noop();
            }

            @Override
            public Tracer getTracer()
            {
                return OpenTelemetry.noop().getTracer("test");
            }
        };
    }

    record CodeBlock(String language, String name, String content) {}
}
