package dev.lakehouse.connector.planning;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.LakehouseTableHandle;
import io.trino.plugin.base.projection.ApplyProjectionUtil.ProjectedColumnRepresentation;
import io.trino.spi.connector.Assignment;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ProjectionApplicationResult;
import io.trino.spi.expression.ConnectorExpression;
import io.trino.spi.expression.Variable;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.trino.plugin.base.projection.ApplyProjectionUtil.createProjectedColumnRepresentation;
import static io.trino.plugin.base.projection.ApplyProjectionUtil.extractSupportedProjectedColumns;
import static io.trino.plugin.base.projection.ApplyProjectionUtil.replaceWithNewVariables;

/**
 * Pushes dereferences of row columns ({@code address.city}) into the scan, so the reader fetches only the
 * nested fields a query reads rather than whole rows.
 */
public final class ProjectionPushdown
{
    private ProjectionPushdown() {}

    public static Optional<ProjectionApplicationResult<ConnectorTableHandle>> applyProjection(
            Schema schema,
            LakehouseTableHandle handle,
            List<ConnectorExpression> projections,
            Map<String, ColumnHandle> assignments)
    {
        Set<ConnectorExpression> expressions = projections.stream()
                .flatMap(projection -> extractSupportedProjectedColumns(projection).stream())
                .collect(toImmutableSet());
        if (expressions.stream().allMatch(Variable.class::isInstance)) {
            // nothing to push down beyond the columns themselves
            return Optional.empty();
        }

        Map<ConnectorExpression, Variable> variables = new HashMap<>();
        Map<String, Assignment> newAssignments = new HashMap<>();
        for (ConnectorExpression expression : expressions) {
            ProjectedColumnRepresentation representation = createProjectedColumnRepresentation(expression);
            LakehouseColumnHandle base = (LakehouseColumnHandle) assignments.get(representation.getVariable().getName());
            if (representation.isVariable()) {
                variables.put(expression, representation.getVariable());
                newAssignments.put(representation.getVariable().getName(), new Assignment(representation.getVariable().getName(), base, base.type()));
                continue;
            }
            LakehouseColumnHandle column = dereference(schema, base, representation.getDereferenceIndices(), expression.getType());
            String name = column.qualifiedName() + "#" + column.fieldId();
            variables.put(expression, new Variable(name, expression.getType()));
            newAssignments.put(name, new Assignment(name, column, column.type()));
        }

        List<ConnectorExpression> newProjections = projections.stream()
                .map(projection -> replaceWithNewVariables(projection, variables))
                .collect(toImmutableList());
        return Optional.of(new ProjectionApplicationResult<>(handle, newProjections, ImmutableList.copyOf(newAssignments.values()), false));
    }

    /**
     * The handle of a field nested in the column through the given row field indexes.
     */
    private static LakehouseColumnHandle dereference(Schema schema, LakehouseColumnHandle column, List<Integer> indexes, Type type)
    {
        ImmutableList.Builder<Integer> path = ImmutableList.<Integer>builder().addAll(column.path());
        ImmutableList.Builder<String> pathNames = ImmutableList.<String>builder().addAll(column.pathNames());
        Types.StructType struct = schema.findType(column.fieldId()).asStructType();
        Type current = column.type();
        for (int i = 0; i < indexes.size(); i++) {
            int index = indexes.get(i);
            Types.NestedField field = struct.fields().get(index);
            path.add(field.fieldId());
            pathNames.add(field.name());
            current = ((RowType) current).getFields().get(index).getType();
            if (i + 1 < indexes.size()) {
                struct = field.type().asStructType();
            }
        }
        return new LakehouseColumnHandle(column.baseFieldId(), column.baseName(), column.baseType(), path.build(), pathNames.build(), type, column.nestedFieldIds());
    }
}
