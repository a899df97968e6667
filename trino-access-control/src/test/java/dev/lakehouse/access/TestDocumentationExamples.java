package dev.lakehouse.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.access.rules.Policy;
import dev.lakehouse.access.rules.PolicyParser;
import dev.lakehouse.access.rules.SubjectPolicy;
import io.trino.spi.connector.CatalogSchemaTableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.lakehouse.access.rules.TablePrivilege.INSERT;
import static dev.lakehouse.access.rules.TablePrivilege.OWNERSHIP;
import static dev.lakehouse.access.rules.TablePrivilege.SELECT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every policy, audit line and configuration shown in the documentation and shipped in {@code etc/}
 * is valid, so an admin who copies one gets a working setup.
 */
final class TestDocumentationExamples
{
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCUMENTATION = REPOSITORY.resolve("docs/access-control.md");
    private static final Pattern CODE_BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void testEveryPolicyExampleIsValidAndClosed()
            throws IOException
    {
        List<String> policies = codeBlocks("json");
        assertThat(policies).hasSizeGreaterThanOrEqualTo(6);
        for (String policy : policies) {
            Policy parsed = PolicyParser.parse("docs/access-control.md example", policy.getBytes(UTF_8), "");
            assertThat(parsed.summary()).isNotEmpty();
        }
    }

    @Test
    void testEveryAuditLineHasTheDocumentedFields()
            throws IOException
    {
        List<String> lines = codeBlocks("jsonl").stream().flatMap(String::lines).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            JsonNode event = mapper.readTree(line);
            assertThat(event.has("time") && event.has("event") && event.has("user") && event.has("decision")).as(line).isTrue();
        }
    }

    @Test
    void testEveryConfigurationExampleStartsTheAccessControl(@TempDir Path directory)
            throws IOException
    {
        Path policy = Files.writeString(directory.resolve("policy.json"), "{}");
        List<String> configurations = new ArrayList<>(codeBlocks("properties"));
        configurations.add(Files.readString(REPOSITORY.resolve("etc/access-control.properties")));
        for (String configuration : configurations) {
            Properties properties = new Properties();
            properties.load(new StringReader(configuration));
            assertThat(properties.getProperty("access-control.name")).isEqualTo(LakehouseAccessControlFactory.NAME);
            Map<String, String> config = new HashMap<>();
            properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
            config.remove("access-control.name");
            // the files may not exist here: the rest of the configuration is what is checked
            config.put("security.config-file", policy.toString());
            config.put("audit.path", directory.resolve("audit.log").toString());
            TestingAccessControl.create(config).shutdown();
        }
    }

    @Test
    void testShippedPolicyIsValidAndClosed()
            throws IOException
    {
        Path file = REPOSITORY.resolve("etc/access-control-policy.json");
        Policy policy = PolicyParser.parse(file, "");
        assertThat(policy.openDefaults()).isEmpty();
        // a new user can work: read tpch, own what they create in lakehouse; nothing else
        SubjectPolicy user = policy.forSubject("new_user", Set.of(), Set.of());
        CatalogSchemaTableName nation = new CatalogSchemaTableName("tpch", "tiny", "nation");
        assertThat(user.table(nation).privilege(SELECT).allowed()).isTrue();
        assertThat(user.table(nation).privilege(INSERT).denied()).isTrue();
        assertThat(user.schemaOwner("lakehouse", "my_schema").allowed()).isTrue();
        assertThat(user.table(new CatalogSchemaTableName("lakehouse", "my_schema", "t")).privilege(OWNERSHIP).allowed()).isTrue();
        assertThat(user.anyCatalogAccess("other").denied()).isTrue();
        assertThat(user.impersonate("admin").denied()).isTrue();
        assertThat(user.readSystemInformation().denied()).isTrue();
        assertThat(user.viewQueryOwnedBy("someone_else").denied()).isTrue();
        assertThat(user.killQueryOwnedBy("someone_else").denied()).isTrue();
        // the cost plugin's budgets with cancelRunning kill queries as this user (docs/cost.md)
        assertThat(policy.forSubject("cost-budget", Set.of(), Set.of()).killQueryOwnedBy("someone_else").allowed()).isTrue();
    }

    private static List<String> codeBlocks(String language)
            throws IOException
    {
        String documentation = Files.readString(DOCUMENTATION);
        List<String> blocks = new ArrayList<>();
        Matcher matcher = CODE_BLOCK.matcher(documentation);
        while (matcher.find()) {
            if (matcher.group(1).equals(language)) {
                blocks.add(matcher.group(2));
            }
        }
        return blocks;
    }
}
