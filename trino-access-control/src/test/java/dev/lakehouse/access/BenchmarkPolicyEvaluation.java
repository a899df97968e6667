package dev.lakehouse.access;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.access.audit.AuditLog;
import io.trino.plugin.base.security.FileBasedSystemAccessControl;
import io.trino.plugin.base.security.TestingSystemAccessControlContext;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * What a user waits for: listing 100,000 tables (filterTables), and the column checks of a query
 * on a 500-column table (select check, masks, visible columns). Goals: under 100 ms and under 10 ms.
 * <p>
 * The baseline is Trino's own file-based access control on the same Trino-format rules, in the same
 * run. {@code trino-rules} runs our plugin on exactly those rules; {@code lakehouse-rules} adds our
 * roles, tags, masks and rules on top.
 * <p>
 * Run: {@code ./mvnw test-compile -pl trino-access-control} then
 * {@code java -cp <test classpath> dev.lakehouse.access.BenchmarkPolicyEvaluation}.
 */
@State(Scope.Thread)
@OutputTimeUnit(MILLISECONDS)
@BenchmarkMode(Mode.SampleTime)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class BenchmarkPolicyEvaluation
{
    static final String CATALOG = "lakehouse";
    static final int SCHEMAS = 100;
    static final int TABLES_PER_SCHEMA = 1000;
    static final int COLUMNS = 500;

    @Param({"trino", "trino-rules", "lakehouse-rules"})
    public String accessControl = "lakehouse-rules";

    private SystemAccessControl systemAccessControl;
    private SystemSecurityContext context;
    private Set<SchemaTableName> tables;
    private CatalogSchemaTableName wideTable;
    private List<ColumnSchema> columns;
    private Set<String> columnNames;
    private Set<String> selectedColumns;

    @Setup
    public void setUp()
            throws IOException
    {
        Path directory = Files.createTempDirectory("benchmark-policy");
        Path trinoRules = Files.writeString(directory.resolve("trino.json"), trinoRules());
        Path lakehouseRules = Files.writeString(directory.resolve("lakehouse.json"), lakehouseRules());
        systemAccessControl = switch (accessControl) {
            case "trino" -> new FileBasedSystemAccessControl.Factory().create(
                    ImmutableMap.of("security.config-file", trinoRules.toString()),
                    new TestingSystemAccessControlContext());
            case "trino-rules" -> TestingAccessControl.create(trinoRules, AuditLog.DISABLED);
            case "lakehouse-rules" -> TestingAccessControl.create(lakehouseRules, AuditLog.DISABLED);
            default -> throw new IllegalArgumentException(accessControl);
        };
        // alice is in two of the twenty groups the rules name
        context = new SystemSecurityContext(Identity.forUser("alice").withGroups(ImmutableSet.of("g3", "g7")).build(), new QueryId("benchmark"), Instant.now());

        ImmutableSet.Builder<SchemaTableName> tables = ImmutableSet.builder();
        for (int schema = 0; schema < SCHEMAS; schema++) {
            for (int table = 0; table < TABLES_PER_SCHEMA; table++) {
                tables.add(new SchemaTableName("s" + schema, "t" + table));
            }
        }
        this.tables = tables.build();

        wideTable = new CatalogSchemaTableName(CATALOG, "s15", "t1");
        ImmutableList.Builder<ColumnSchema> columns = ImmutableList.builder();
        for (int column = 0; column < COLUMNS; column++) {
            String name = switch (column % 50) {
                case 7 -> "email_" + column;
                case 13 -> "phone_" + column;
                default -> "c" + column;
            };
            columns.add(ColumnSchema.builder().setName(name).setType(column % 2 == 0 ? VARCHAR : BIGINT).build());
        }
        this.columns = columns.build();
        this.columnNames = this.columns.stream().map(ColumnSchema::getName).collect(toImmutableSet());
        // a query selects the 499 columns the user may select (the rules forbid c3)
        this.selectedColumns = columnNames.stream().filter(name -> !name.equals("c3")).collect(toImmutableSet());
    }

    @TearDown
    public void tearDown()
    {
        systemAccessControl.shutdown();
    }

    @Benchmark
    public Set<SchemaTableName> filterTables()
    {
        return systemAccessControl.filterTables(context, CATALOG, tables);
    }

    @Benchmark
    public Object checkColumns()
    {
        systemAccessControl.checkCanSelectFromColumns(context, wideTable, selectedColumns);
        Map<ColumnSchema, ViewExpression> masks = systemAccessControl.getColumnMasks(context, wideTable, columns);
        Set<String> visible = systemAccessControl.filterColumns(context, wideTable, columnNames);
        return List.of(masks, visible);
    }

    /**
     * Forty table rules for twenty groups and a few users, the shape of a real Trino policy.
     */
    static String trinoRules()
    {
        return """
                {
                  "catalogs": [{"allow": "all"}],
                  "schemas": [{"user": "admin", "owner": true}, {"owner": false}],
                  "tables": [
                    {"user": "admin", "privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"]},
                %s
                    {"privileges": []}
                  ]
                }
                """.formatted(String.join(",\n", tableRules()) + ",");
    }

    /**
     * The same rules, plus roles, tags, a custom mask and rules of ours.
     */
    static String lakehouseRules()
    {
        // without Trino's final catch-all deny: it would deny explicitly what our allow rules grant,
        // and what no rule allows is denied anyway
        String trino = trinoRules().replace(",\n    {\"privileges\": []}", "");
        return trino.substring(0, trino.lastIndexOf('}')) + """
                  ,
                  "roles": [{"role": "pii_reader", "group": "g1|g2"}, {"role": "finance", "group": "g7"}],
                  "tags": [
                    {"tag": "pii.email", "column": "email.*"},
                    {"tag": "pii.phone", "column": "phone.*"},
                    {"tag": "pii.ssn", "column": "ssn"},
                    {"tag": "finance", "catalog": "lakehouse", "schema": "s(1|2|3)[0-9]"},
                    {"tag": "restricted", "catalog": "lakehouse", "schema": "s9[0-9]", "table": "t9.*"}
                  ],
                  "masks": [{"name": "phone_tail", "expression": "concat('***', substr({column}, -2))"}],
                  "rules": [
                    {"name": "finance-read", "effect": "allow", "tag": "finance", "role": "finance", "privileges": ["SELECT"]},
                    {"name": "no-restricted", "effect": "deny", "tag": "restricted", "except_group": "g0"},
                    {"name": "no-ssn", "effect": "deny", "tag": "pii.ssn", "except_role": "pii_reader", "privileges": ["SELECT"]},
                    {"name": "hash-email", "effect": "mask", "tag": "pii.email", "mask": "hash", "except_role": "pii_reader"},
                    {"name": "phone-tail", "effect": "mask", "tag": "pii.phone", "mask": "phone_tail", "except_role": "pii_reader"},
                    {"name": "emea", "effect": "filter", "tag": "finance", "group": "g3", "filter": "region = 'EMEA'"}
                  ]
                }
                """;
    }

    private static List<String> tableRules()
    {
        List<String> rules = new ArrayList<>();
        for (int group = 0; group < 20; group++) {
            // each group reads five schemas, and writes the tables of one of them that start with 'w'
            rules.add("    {\"group\": \"g%s\", \"catalog\": \"lakehouse\", \"schema\": \"s%s\", \"table\": \"w.*\", \"privileges\": [\"SELECT\", \"INSERT\", \"DELETE\"]}".formatted(group, group * 5));
            rules.add("    {\"group\": \"g%s\", \"catalog\": \"lakehouse\", \"schema\": \"s(%s|%s|%s|%s|%s)\", \"privileges\": [\"SELECT\"], \"columns\": [{\"name\": \"c3\", \"allow\": false}, {\"name\": \"c9\", \"mask\": \"'***'\"}]}".formatted(
                    group, group * 5, group * 5 + 1, group * 5 + 2, group * 5 + 3, group * 5 + 4));
        }
        return rules;
    }

    public static void main(String[] args)
            throws RunnerException
    {
        new Runner(new OptionsBuilder()
                .include(".*" + BenchmarkPolicyEvaluation.class.getSimpleName() + ".*")
                .build())
                .run();
    }
}
