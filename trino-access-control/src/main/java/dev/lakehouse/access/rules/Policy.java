package dev.lakehouse.access.rules;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.access.masks.BuiltInMask;
import dev.lakehouse.access.masks.CustomMask;
import dev.lakehouse.access.masks.MaskTemplate;
import io.trino.spi.security.Identity;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A valid policy: Trino's file-based sections with Trino's meaning (absent sections included), and
 * our roles, tags, masks and rules. Immutable; a reload builds a new one and swaps it in whole.
 * <p>
 * Decisions are made per user through {@link #forIdentity}, which keeps, for each distinct user,
 * groups and roles, the rules that can apply to them: most rules name users or groups, so a check
 * only ever looks at the few rules that concern the user asking.
 */
public final class Policy
{
    static final RuleReference SYSTEM_CATALOG = RuleReference.implicit("built-in: the system catalog is open to everyone (as in Trino)");

    private final String source;
    private final List<CatalogRule> catalogRules;
    private final Optional<List<QueryRule>> queryRules;
    private final Optional<List<ImpersonationRule>> impersonationRules;
    private final Optional<List<PrincipalRule>> principalRules;
    private final List<SystemInformationRule> systemInformationRules;
    private final List<AuthorizationRule> authorizationRules;
    private final List<SchemaRule> schemaRules;
    private final List<TableRule> tableRules;
    private final List<SessionPropertyRule> systemSessionPropertyRules;
    private final List<SessionPropertyRule> catalogSessionPropertyRules;
    private final List<RoutineRule> functionRules;
    private final List<RoutineRule> procedureRules;
    private final List<RoleRule> roleRules;
    private final Tags tags;
    private final Map<String, MaskTemplate> masks;
    private final List<AccessRule> accessRules;
    private final LoadingCache<SubjectKey, SubjectPolicy> subjects;
    private final List<String> openDefaults;
    private final String summary;

    Policy(String source, PolicyDocument document)
    {
        this.source = requireNonNull(source, "source is null");
        this.catalogRules = document.catalogs()
                .map(rules -> ImmutableList.<CatalogRule>builder()
                        .addAll(rules)
                        // Trino lets everyone use the system catalog (server status) whatever the catalog rules say
                        .add(new CatalogRule(SubjectPatterns.ANYONE, Optional.of(NamePattern.compile("system")), CatalogAccessMode.ALL, SYSTEM_CATALOG))
                        .build())
                .orElseGet(() -> ImmutableList.of(new CatalogRule(SubjectPatterns.ANYONE, Optional.empty(), CatalogAccessMode.ALL, absent("catalogs", "every catalog is open"))));
        this.queryRules = document.queries().map(ImmutableList::copyOf);
        this.impersonationRules = document.impersonation().map(ImmutableList::copyOf);
        this.principalRules = document.principals().map(ImmutableList::copyOf);
        this.systemInformationRules = document.systemInformation().map(ImmutableList::copyOf).orElse(ImmutableList.of());
        this.authorizationRules = document.authorization().map(ImmutableList::copyOf).orElse(ImmutableList.of());
        this.schemaRules = document.schemas()
                .map(ImmutableList::copyOf)
                .orElseGet(() -> ImmutableList.of(new SchemaRule(SubjectPatterns.ANYONE, Optional.empty(), Optional.empty(), true, absent("schemas", "everyone owns every schema"))));
        this.tableRules = document.tables()
                .map(ImmutableList::copyOf)
                .orElseGet(() -> ImmutableList.of(TableRule.allowAll(absent("tables", "every privilege on every table"))));
        this.systemSessionPropertyRules = document.systemSessionProperties()
                .map(ImmutableList::copyOf)
                .orElseGet(() -> ImmutableList.of(SessionPropertyRule.allowAll(absent("system_session_properties", "every property may be set"))));
        this.catalogSessionPropertyRules = document.catalogSessionProperties()
                .map(ImmutableList::copyOf)
                .orElseGet(() -> ImmutableList.of(SessionPropertyRule.allowAll(absent("catalog_session_properties", "every property may be set"))));
        this.functionRules = document.functions()
                .map(ImmutableList::copyOf)
                .orElseGet(() -> ImmutableList.of(RoutineRule.allowBuiltIn(absent("functions", "built-in functions may be executed"))));
        this.procedureRules = document.procedures()
                .map(ImmutableList::copyOf)
                .orElseGet(() -> ImmutableList.of(RoutineRule.allowBuiltIn(absent("procedures", "built-in procedures may be executed"))));
        ImmutableList.Builder<String> openDefaults = ImmutableList.builder();
        document.catalogs().ifPresentOrElse(rules -> {}, () -> openDefaults.add("no 'catalogs' section: every user may use every catalog"));
        document.schemas().ifPresentOrElse(rules -> {}, () -> openDefaults.add("no 'schemas' section: every user owns every schema (may create, drop and see all tables of it)"));
        document.tables().ifPresentOrElse(rules -> {}, () -> openDefaults.add("no 'tables' section: every user has every privilege on every table"));
        document.queries().ifPresentOrElse(rules -> {}, () -> openDefaults.add("no 'queries' section: every user may view and kill every query"));
        document.systemSessionProperties().ifPresentOrElse(rules -> {}, () -> openDefaults.add("no 'system_session_properties' section: every user may set every system session property"));
        document.catalogSessionProperties().ifPresentOrElse(rules -> {}, () -> openDefaults.add("no 'catalog_session_properties' section: every user may set every catalog session property"));
        this.openDefaults = openDefaults.build();
        this.summary = "%s catalog rules, %s schema rules, %s table rules, %s roles, %s tag entries, %s masks, %s lakehouse rules".formatted(
                document.catalogs().map(List::size).orElse(0),
                document.schemas().map(List::size).orElse(0),
                document.tables().map(List::size).orElse(0),
                document.roles().size(),
                document.tags().size(),
                document.masks().size(),
                document.rules().size());
        this.roleRules = ImmutableList.copyOf(document.roles());
        this.tags = new Tags(document.tags());
        this.masks = masks(document.masks());
        this.accessRules = ImmutableList.copyOf(document.rules());

        for (AccessRule rule : accessRules) {
            if (rule.tag().isPresent() && !tags.isDefined(rule.tag().get())) {
                throw invalid(rule.reference(), "tag '%s' is not assigned by any entry of 'tags'".formatted(rule.tag().get()));
            }
            if (rule.mask().isPresent() && !masks.containsKey(rule.mask().get())) {
                throw invalid(rule.reference(), "mask '%s' is neither a mask template (%s) nor an entry of 'masks'".formatted(rule.mask().get(), builtInMaskNames()));
            }
        }

        this.subjects = CacheBuilder.newBuilder()
                .maximumSize(10_000)
                .build(CacheLoader.from(key -> new SubjectPolicy(this, subject(key.user(), key.groups(), key.enabledRoles()))));
    }

    private static RuleReference absent(String section, String meaning)
    {
        return RuleReference.implicit("default: no '%s' section, so %s (as in Trino)".formatted(section, meaning));
    }

    private Map<String, MaskTemplate> masks(List<MaskDefinition> definitions)
    {
        Map<String, MaskTemplate> templates = new HashMap<>();
        for (BuiltInMask mask : BuiltInMask.values()) {
            templates.put(mask.templateName(), mask);
        }
        for (MaskDefinition definition : definitions) {
            if (BuiltInMask.fromName(definition.name()).isPresent()) {
                throw invalid(definition.reference(), "mask '%s' has the name of a mask template; choose another name".formatted(definition.name()));
            }
            if (templates.put(definition.name(), new CustomMask(definition.name(), definition.expression())) != null) {
                throw invalid(definition.reference(), "mask '%s' is defined twice".formatted(definition.name()));
            }
        }
        return ImmutableMap.copyOf(templates);
    }

    private static String builtInMaskNames()
    {
        return String.join(", ", ImmutableList.copyOf(BuiltInMask.values()).stream().map(BuiltInMask::templateName).toList());
    }

    private PolicyException invalid(RuleReference rule, String problem)
    {
        return new PolicyException(source, rule.line(), Optional.of(rule.id()), problem);
    }

    /**
     * Where the policy came from, for messages.
     */
    public String source()
    {
        return source;
    }

    /**
     * The decisions for one user, with their groups (from Trino's group provider) and enabled roles.
     */
    public SubjectPolicy forIdentity(Identity identity)
    {
        return subjects.getUnchecked(new SubjectKey(identity.getUser(), identity.getGroups(), identity.getEnabledRoles()));
    }

    public SubjectPolicy forSubject(String user, Set<String> groups, Set<String> enabledRoles)
    {
        return subjects.getUnchecked(new SubjectKey(user, groups, enabledRoles));
    }

    private Subject subject(String user, Set<String> groups, Set<String> enabledRoles)
    {
        if (roleRules.isEmpty()) {
            return new Subject(user, groups, enabledRoles);
        }
        ImmutableSet.Builder<String> roles = ImmutableSet.<String>builder().addAll(enabledRoles);
        for (RoleRule rule : roleRules) {
            if (rule.grantsTo(user, groups)) {
                roles.add(rule.role());
            }
        }
        return new Subject(user, groups, roles.build());
    }

    /**
     * Whether the authenticated principal may connect as {@code userName} ({@code principals}).
     */
    public Decision setUser(Optional<Principal> principal, String userName)
    {
        if (principalRules.isEmpty()) {
            return Decision.allow(absent("principals", "any principal may connect as any user"));
        }
        if (principal.isEmpty()) {
            return Decision.deny(RuleReference.implicit("'principals' rules need an authenticated principal"));
        }
        for (PrincipalRule rule : principalRules.get()) {
            Optional<Boolean> allowed = rule.match(principal.get().getName(), userName);
            if (allowed.isPresent()) {
                return new Decision(allowed.get(), rule.reference());
            }
        }
        return Decision.deny(noMatch("principals"));
    }

    static RuleReference noMatch(String section)
    {
        return RuleReference.implicit("no rule in '%s' matched".formatted(section));
    }

    List<CatalogRule> catalogRules()
    {
        return catalogRules;
    }

    Optional<List<QueryRule>> queryRules()
    {
        return queryRules;
    }

    Optional<List<ImpersonationRule>> impersonationRules()
    {
        return impersonationRules;
    }

    boolean hasPrincipalRules()
    {
        return principalRules.isPresent();
    }

    List<SystemInformationRule> systemInformationRules()
    {
        return systemInformationRules;
    }

    List<AuthorizationRule> authorizationRules()
    {
        return authorizationRules;
    }

    List<SchemaRule> schemaRules()
    {
        return schemaRules;
    }

    List<TableRule> tableRules()
    {
        return tableRules;
    }

    List<SessionPropertyRule> systemSessionPropertyRules()
    {
        return systemSessionPropertyRules;
    }

    List<SessionPropertyRule> catalogSessionPropertyRules()
    {
        return catalogSessionPropertyRules;
    }

    List<RoutineRule> functionRules()
    {
        return functionRules;
    }

    List<RoutineRule> procedureRules()
    {
        return procedureRules;
    }

    Tags tags()
    {
        return tags;
    }

    MaskTemplate mask(String name)
    {
        return requireNonNull(masks.get(name), () -> "unknown mask " + name);
    }

    List<AccessRule> accessRules()
    {
        return accessRules;
    }

    /**
     * What the policy leaves open by omitting a section, as Trino's defaults for absent sections do;
     * worth a warning, since a policy is expected to be closed.
     */
    public List<String> openDefaults()
    {
        return openDefaults;
    }

    /**
     * How many rules each section of the file has, for the log line of a (re)load.
     */
    public String summary()
    {
        return summary;
    }

    private record SubjectKey(String user, Set<String> groups, Set<String> enabledRoles)
    {
        SubjectKey
        {
            requireNonNull(user, "user is null");
            groups = ImmutableSet.copyOf(groups);
            enabledRoles = ImmutableSet.copyOf(enabledRoles);
        }
    }
}
