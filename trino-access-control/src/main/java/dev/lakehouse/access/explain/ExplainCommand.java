package dev.lakehouse.access.explain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.access.audit.AuditEvent;
import dev.lakehouse.access.explain.PolicyExplainer.Action;
import dev.lakehouse.access.explain.PolicyExplainer.Explanation;
import dev.lakehouse.access.rules.PolicyException;
import dev.lakehouse.access.rules.RuleReference;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.security.Identity;
import io.trino.spi.type.VarcharType;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.stream.Collectors.joining;

/**
 * The command line of {@link PolicyExplainer}: may a user do an action on an object, and which rule
 * decides. Exit status 0 when allowed, 1 when denied, 2 when the command or the policy is invalid.
 */
public final class ExplainCommand
{
    static final int ALLOWED = 0;
    static final int DENIED = 1;
    static final int INVALID = 2;

    private static final String USAGE = """
            Usage: explain --policy FILE --user USER [options] ACTION OBJECT

            Says whether USER may do ACTION on OBJECT under the policy FILE, and which rule decides,
            without running a query. For select, also the masks and row filters that would apply.

            Options:
              --policy FILE          the policy file (security.config-file)
              --json-pointer PTR     where the policy is inside FILE (security.json-pointer)
              --user USER            the user asking
              --group GROUP          a group of the user (repeat for several)
              --group-file FILE      read the user's groups from a file of Trino's file group
                                     provider (lines 'group:user1,user2')
              --role ROLE            a role enabled in the user's session (repeat for several)
              --column NAME[:TYPE]   a column for select, update, show-columns and
                                     create-view-with-select (repeat; TYPE defaults to varchar)
              --json                 print the decisions as JSON lines, as in the audit log

            Actions and their objects:
              select, insert, delete, update, truncate, show-columns, create-table, drop-table,
              alter-table, show-create-table, create-view, drop-view, create-view-with-select,
              execute-table-procedure                                    catalog.schema.table
              show-tables, create-schema, drop-schema                    catalog.schema
              access-catalog, show-schemas                               catalog
              execute-function, execute-procedure                        catalog.schema.routine
              set-session-property                                       property or catalog.property
              impersonate-user, view-query, kill-query                   user (the other user)
              execute-query, read-system-information, write-system-information   (no object)
            """;

    private ExplainCommand() {}

    public static void main(String[] args)
    {
        // the command prints its answer; the server's log lines are not part of it
        Logger.getLogger("").setLevel(Level.WARNING);
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err)
    {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        }
        catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return INVALID;
        }
        if (arguments.help) {
            out.print(USAGE);
            return ALLOWED;
        }

        try (PolicyExplainer explainer = new PolicyExplainer(arguments.policy, arguments.jsonPointer)) {
            Identity identity = Identity.forUser(arguments.user)
                    .withGroups(arguments.groups())
                    .withEnabledRoles(ImmutableSet.copyOf(arguments.roles))
                    .build();
            Explanation explanation = explainer.explain(identity, arguments.action, arguments.object, arguments.columns);
            if (arguments.json) {
                printJson(explanation, out);
            }
            else {
                printText(identity, arguments, explanation, out);
            }
            return explanation.allowed() ? ALLOWED : DENIED;
        }
        catch (PolicyException | IllegalArgumentException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return INVALID;
        }
    }

    private static void printText(Identity identity, Arguments arguments, Explanation explanation, PrintStream out)
    {
        out.printf("user %s, groups %s, roles %s%n",
                identity.getUser(),
                new TreeSet<>(identity.getGroups()),
                new TreeSet<>(explanation.decisions().stream().findFirst().map(AuditEvent::roles).orElse(identity.getEnabledRoles())));
        out.printf("%s %s%s%n", arguments.action.cliName(), arguments.object, arguments.columns.isEmpty() ? "" :
                arguments.columns.stream().map(column -> column.getName() + " " + column.getType().getDisplayName()).collect(joining(", ", " (", ")")));
        out.println(explanation.allowed() ? "ALLOWED" : "DENIED" + explanation.denial().map(message -> ": " + message).orElse(""));
        for (AuditEvent event : explanation.decisions()) {
            switch (event.event()) {
                case AuditEvent.COLUMN_MASKS -> {
                    for (AuditEvent.Mask mask : event.masks()) {
                        out.printf("  mask %s%s by %s: %s%n", mask.column(), mask.template().map(template -> " with " + template).orElse(""), mask.rule().describe(), mask.expression());
                    }
                    event.detail().ifPresent(detail -> out.printf("  %s%n", detail));
                }
                case AuditEvent.ROW_FILTERS -> {
                    for (AuditEvent.Filter filter : event.filters()) {
                        out.printf("  row filter by %s: %s%n", filter.rule().describe(), filter.expression());
                    }
                }
                default -> out.printf("  %s %s %s%s: %s by %s%n",
                        event.action().orElse(""),
                        event.objectType().orElse(""),
                        event.object().orElse(""),
                        event.columns().isEmpty() ? "" : " " + event.columns(),
                        event.decision().orElse(""),
                        event.rule().map(RuleReference::describe).or(() -> event.detail()).orElse("-"));
            }
        }
    }

    private static void printJson(Explanation explanation, PrintStream out)
    {
        JsonFactory factory = new JsonFactory();
        for (AuditEvent event : explanation.decisions()) {
            try (JsonGenerator generator = factory.createGenerator(out)) {
                generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                event.write(generator);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
        }
    }

    private static final class Arguments
    {
        private Path policy;
        private String jsonPointer = "";
        private String user;
        private final List<String> groups = new ArrayList<>();
        private Optional<Path> groupFile = Optional.empty();
        private final List<String> roles = new ArrayList<>();
        private final List<ColumnSchema> columns = new ArrayList<>();
        private boolean json;
        private boolean help;
        private Action action;
        private String object = "";

        static Arguments parse(String[] args)
        {
            Arguments arguments = new Arguments();
            List<String> positional = new ArrayList<>();
            for (int index = 0; index < args.length; index++) {
                String argument = args[index];
                switch (argument) {
                    case "--policy" -> arguments.policy = Path.of(value(args, ++index, argument));
                    case "--json-pointer" -> arguments.jsonPointer = value(args, ++index, argument);
                    case "--user" -> arguments.user = value(args, ++index, argument);
                    case "--group" -> arguments.groups.add(value(args, ++index, argument));
                    case "--group-file" -> arguments.groupFile = Optional.of(Path.of(value(args, ++index, argument)));
                    case "--role" -> arguments.roles.add(value(args, ++index, argument));
                    case "--column" -> arguments.columns.add(column(value(args, ++index, argument)));
                    case "--json" -> arguments.json = true;
                    case "--help", "-h" -> arguments.help = true;
                    default -> {
                        if (argument.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + argument);
                        }
                        positional.add(argument);
                    }
                }
            }
            if (arguments.help) {
                return arguments;
            }
            if (arguments.policy == null) {
                throw new IllegalArgumentException("--policy is required");
            }
            if (arguments.user == null) {
                throw new IllegalArgumentException("--user is required");
            }
            if (positional.isEmpty()) {
                throw new IllegalArgumentException("no action given");
            }
            arguments.action = Action.fromCliName(positional.getFirst())
                    .orElseThrow(() -> new IllegalArgumentException("unknown action '%s'; the actions are %s".formatted(
                            positional.getFirst(),
                            Arrays.stream(Action.values()).map(Action::cliName).collect(joining(", ")))));
            boolean needsObject = !arguments.action.objectKind().equals("none");
            if (positional.size() != (needsObject ? 2 : 1)) {
                throw new IllegalArgumentException(needsObject
                        ? "%s needs one object (%s)".formatted(arguments.action.cliName(), arguments.action.objectKind())
                        : "%s takes no object".formatted(arguments.action.cliName()));
            }
            if (needsObject) {
                arguments.object = positional.get(1);
            }
            return arguments;
        }

        private static String value(String[] args, int index, String option)
        {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        private static ColumnSchema column(String value)
        {
            int separator = value.indexOf(':');
            String name = separator < 0 ? value : value.substring(0, separator);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("--column needs a name: " + value);
            }
            return ColumnSchema.builder()
                    .setName(name)
                    .setType(separator < 0 ? VarcharType.VARCHAR : ColumnTypes.parse(value.substring(separator + 1)))
                    .build();
        }

        /**
         * The groups given, and those a file of Trino's file group provider gives the user.
         */
        ImmutableSet<String> groups()
        {
            ImmutableSet.Builder<String> all = ImmutableSet.<String>builder().addAll(groups);
            if (groupFile.isPresent()) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(groupFile.get());
                }
                catch (IOException e) {
                    throw new UncheckedIOException("cannot read the group file %s: %s".formatted(groupFile.get(), e.getMessage()), e);
                }
                for (String line : lines) {
                    int separator = line.indexOf(':');
                    if (line.isBlank() || separator < 0) {
                        continue;
                    }
                    List<String> members = ImmutableList.copyOf(line.substring(separator + 1).split(","));
                    if (members.stream().map(String::strip).anyMatch(user::equals)) {
                        all.add(line.substring(0, separator).strip());
                    }
                }
            }
            return all.build();
        }
    }
}
