package dev.lakehouse.access.rules;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The sections of a policy file as read, before they become a {@link Policy}. A section that is
 * absent is empty here; Trino gives several absent sections a default meaning, so absence is kept.
 */
record PolicyDocument(
        Optional<List<CatalogRule>> catalogs,
        Optional<List<QueryRule>> queries,
        Optional<List<ImpersonationRule>> impersonation,
        Optional<List<PrincipalRule>> principals,
        Optional<List<SystemInformationRule>> systemInformation,
        Optional<List<AuthorizationRule>> authorization,
        Optional<List<SchemaRule>> schemas,
        Optional<List<TableRule>> tables,
        Optional<List<SessionPropertyRule>> systemSessionProperties,
        Optional<List<SessionPropertyRule>> catalogSessionProperties,
        Optional<List<RoutineRule>> functions,
        Optional<List<RoutineRule>> procedures,
        List<RoleRule> roles,
        List<TagRule> tags,
        List<MaskDefinition> masks,
        List<AccessRule> rules)
{
    PolicyDocument
    {
        requireNonNull(catalogs, "catalogs is null");
        requireNonNull(queries, "queries is null");
        requireNonNull(impersonation, "impersonation is null");
        requireNonNull(principals, "principals is null");
        requireNonNull(systemInformation, "systemInformation is null");
        requireNonNull(authorization, "authorization is null");
        requireNonNull(schemas, "schemas is null");
        requireNonNull(tables, "tables is null");
        requireNonNull(systemSessionProperties, "systemSessionProperties is null");
        requireNonNull(catalogSessionProperties, "catalogSessionProperties is null");
        requireNonNull(functions, "functions is null");
        requireNonNull(procedures, "procedures is null");
        roles = List.copyOf(roles);
        tags = List.copyOf(tags);
        masks = List.copyOf(masks);
        rules = List.copyOf(rules);
    }
}
