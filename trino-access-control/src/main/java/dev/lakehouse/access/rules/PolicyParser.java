package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.access.rules.RoutineRule.ProcedureEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads a policy file: Trino's file-based access control format as it is, plus our sections
 * ({@code roles}, {@code tags}, {@code masks}, {@code rules}). Every problem is reported with the
 * file, the line and the rule ({@code tables[3]}) it is in, and nothing of an invalid file is used.
 */
public final class PolicyParser
{
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern QUALIFIED_CLASS_NAME = Pattern.compile("`?(?:[a-z][\\w]*\\.)+([A-Z][\\w$]*)`?");

    private static final Map<String, Section<?>> SECTIONS = ImmutableMap.<String, Section<?>>builder()
            // Trino's sections
            .put("catalogs", new Section<>(CatalogRule.class, Function.identity()))
            .put("queries", new Section<>(QueryRule.class, Function.identity()))
            .put("impersonation", new Section<>(ImpersonationRule.class, Function.identity()))
            .put("principals", new Section<>(PrincipalRule.class, Function.identity()))
            .put("system_information", new Section<>(SystemInformationRule.class, Function.identity()))
            .put("authorization", new Section<>(AuthorizationRule.class, Function.identity()))
            .put("schemas", new Section<>(SchemaRule.class, Function.identity()))
            .put("tables", new Section<>(TableRule.class, Function.identity()))
            .put("system_session_properties", new Section<>(SessionPropertyRule.class, PolicyParser::systemSessionProperty))
            .put("catalog_session_properties", new Section<>(SessionPropertyRule.class, Function.identity()))
            .put("functions", new Section<>(RoutineRule.class, Function.identity()))
            .put("procedures", new Section<>(ProcedureEntry.class, ProcedureEntry::rule))
            // ours
            .put("roles", new Section<>(RoleRule.class, Function.identity()))
            .put("tags", new Section<>(TagRule.class, Function.identity()))
            .put("masks", new Section<>(MaskDefinition.class, Function.identity()))
            .put("rules", new Section<>(AccessRule.class, Function.identity()))
            .buildOrThrow();

    private static final Map<Class<?>, Set<String>> KNOWN_PROPERTIES = new ConcurrentHashMap<>();

    private PolicyParser() {}

    /**
     * @param jsonPointer where in the file the policy is (RFC 6901), or "" for the whole file
     * @throws PolicyException naming the file, and when known the line and the rule
     */
    public static Policy parse(Path file, String jsonPointer)
    {
        requireNonNull(file, "file is null");
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        }
        catch (NoSuchFileException e) {
            throw new PolicyException(file.toString(), OptionalInt.empty(), Optional.empty(), "the file does not exist", e);
        }
        catch (IOException e) {
            throw new PolicyException(file.toString(), OptionalInt.empty(), Optional.empty(), "the file cannot be read: " + e.getMessage(), e);
        }
        return parse(file.toString(), json, jsonPointer);
    }

    public static Policy parse(String source, byte[] json, String jsonPointer)
    {
        requireNonNull(source, "source is null");
        requireNonNull(json, "json is null");
        requireNonNull(jsonPointer, "jsonPointer is null");
        return new Reader(source, json, jsonPointer).read();
    }

    private static SessionPropertyRule systemSessionProperty(SessionPropertyRule rule)
    {
        if (rule.hasCatalog()) {
            throw new IllegalArgumentException("unknown property 'catalog': system session properties belong to no catalog; use 'catalog_session_properties'");
        }
        return rule;
    }

    private record Section<T>(Class<?> type, Function<T, ?> convert)
    {
        @SuppressWarnings("unchecked")
        Object read(ObjectMapper mapper, JsonNode node, RuleReference reference)
                throws IOException
        {
            Object value = mapper.reader(new InjectableValues.Std().addValue(RuleReference.class, reference))
                    .forType(type)
                    .readValue(mapper.treeAsTokens(node));
            return convert.apply((T) value);
        }
    }

    private static final class Reader
    {
        private final String source;
        private final byte[] json;
        private final String jsonPointer;
        private final Map<String, Integer> lines = new HashMap<>();

        private Reader(String source, byte[] json, String jsonPointer)
        {
            this.source = source;
            this.json = json;
            this.jsonPointer = jsonPointer;
        }

        Policy read()
        {
            JsonNode root;
            try {
                recordLines();
                root = MAPPER.readTree(json);
            }
            catch (JsonProcessingException e) {
                throw new PolicyException(source, line(e.getLocation()), Optional.empty(), "malformed JSON: " + e.getOriginalMessage(), e);
            }
            catch (IOException e) {
                throw new PolicyException(source, OptionalInt.empty(), Optional.empty(), "the file cannot be read: " + e.getMessage(), e);
            }
            if (root == null || root.isMissingNode()) {
                throw new PolicyException(source, OptionalInt.empty(), Optional.empty(), "the file is empty; an empty policy is written {}");
            }

            JsonNode policy;
            try {
                policy = root.at(jsonPointer);
            }
            catch (IllegalArgumentException e) {
                throw new PolicyException(source, OptionalInt.empty(), Optional.empty(), "invalid JSON pointer '%s' (security.json-pointer): %s".formatted(jsonPointer, e.getMessage()), e);
            }
            if (policy.isMissingNode()) {
                throw new PolicyException(source, OptionalInt.empty(), Optional.empty(), "nothing at JSON pointer '%s' (security.json-pointer)".formatted(jsonPointer));
            }
            if (!policy.isObject()) {
                throw new PolicyException(source, lineOf(jsonPointer), Optional.empty(), "the policy must be a JSON object of sections, found %s".formatted(policy.getNodeType().toString().toLowerCase(Locale.ENGLISH)));
            }

            Map<String, List<Object>> sections = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = policy.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                String pointer = jsonPointer + "/" + escape(name);
                Section<?> section = SECTIONS.get(name);
                if (section == null) {
                    throw new PolicyException(source, lineOf(pointer), Optional.of(name), "unknown section '%s'; the sections are %s".formatted(name, String.join(", ", new TreeSet<>(SECTIONS.keySet()))));
                }
                if (field.getValue().isNull()) {
                    continue;
                }
                if (!field.getValue().isArray()) {
                    throw new PolicyException(source, lineOf(pointer), Optional.of(name), "section '%s' must be a list of rules".formatted(name));
                }
                ImmutableList.Builder<Object> rules = ImmutableList.builder();
                for (int index = 0; index < field.getValue().size(); index++) {
                    rules.add(readRule(section, name, index, pointer + "/" + index, field.getValue().get(index)));
                }
                sections.put(name, rules.build());
            }

            PolicyDocument document = new PolicyDocument(
                    section(sections, "catalogs"),
                    section(sections, "queries"),
                    section(sections, "impersonation"),
                    section(sections, "principals"),
                    section(sections, "system_information"),
                    section(sections, "authorization"),
                    section(sections, "schemas"),
                    section(sections, "tables"),
                    section(sections, "system_session_properties"),
                    section(sections, "catalog_session_properties"),
                    section(sections, "functions"),
                    section(sections, "procedures"),
                    Reader.<RoleRule>section(sections, "roles").orElse(List.of()),
                    Reader.<TagRule>section(sections, "tags").orElse(List.of()),
                    Reader.<MaskDefinition>section(sections, "masks").orElse(List.of()),
                    Reader.<AccessRule>section(sections, "rules").orElse(List.of()));
            return new Policy(source, document);
        }

        @SuppressWarnings("unchecked")
        private static <T> Optional<List<T>> section(Map<String, List<Object>> sections, String name)
        {
            return Optional.ofNullable((List<T>) sections.get(name));
        }

        private Object readRule(Section<?> section, String sectionName, int index, String pointer, JsonNode node)
        {
            OptionalInt line = lineOf(pointer);
            RuleReference reference = RuleReference.rule(sectionName, index, line.orElse(0), Optional.empty());
            String rule = reference.id();
            if (!node.isObject()) {
                throw new PolicyException(source, line, Optional.of(rule), "a rule must be a JSON object");
            }
            // reported before reading, so a misspelled property is named rather than the required one it misses
            Set<String> known = knownProperties(section.type());
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new PolicyException(source, lineOf(pointer + "/" + escape(name)), Optional.of(rule), "unknown property '%s'; the properties are %s".formatted(name, String.join(", ", new TreeSet<>(known))));
                }
            }
            try {
                return section.read(MAPPER, node, reference);
            }
            catch (JsonMappingException e) {
                String path = pointer + pathOf(e);
                OptionalInt problemLine = lineOf(path);
                throw new PolicyException(source, problemLine.isPresent() ? problemLine : line, Optional.of(rule), describe(e), e);
            }
            catch (IOException e) {
                throw new PolicyException(source, line, Optional.of(rule), e.getMessage(), e);
            }
            catch (IllegalArgumentException e) {
                throw new PolicyException(source, line, Optional.of(rule), e.getMessage(), e);
            }
        }

        private static Set<String> knownProperties(Class<?> type)
        {
            return KNOWN_PROPERTIES.computeIfAbsent(type, key -> {
                ImmutableSet.Builder<String> names = ImmutableSet.builder();
                for (BeanPropertyDefinition property : MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(key)).findProperties()) {
                    if (property.hasConstructorParameter() && property.getConstructorParameter().hasAnnotation(JacksonInject.class)) {
                        continue;
                    }
                    names.add(property.getName());
                    property.findAliases().forEach(alias -> names.add(alias.getSimpleName()));
                }
                return names.build();
            });
        }

        private static String pathOf(JsonMappingException e)
        {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference reference : e.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append('/').append(escape(reference.getFieldName()));
                }
                else if (reference.getIndex() >= 0) {
                    path.append('/').append(reference.getIndex());
                }
            }
            return path.toString();
        }

        private static String describe(JsonMappingException e)
        {
            String property = null;
            for (JsonMappingException.Reference reference : e.getPath()) {
                if (reference.getFieldName() != null) {
                    property = reference.getFieldName();
                }
            }
            if (e instanceof UnrecognizedPropertyException unknown) {
                TreeSet<String> known = new TreeSet<>();
                unknown.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
                return "unknown property '%s'; the properties are %s".formatted(unknown.getPropertyName(), String.join(", ", known));
            }
            if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
                return "%s'%s' is none of %s".formatted(
                        property == null ? "" : "property '%s': ".formatted(property),
                        invalid.getValue(),
                        String.join(", ", Arrays.stream(invalid.getTargetType().getEnumConstants()).map(Object::toString).toList()));
            }
            Throwable cause = e instanceof ValueInstantiationException ? e.getCause() : null;
            if (cause == null && (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof IllegalStateException)) {
                cause = e.getCause();
            }
            if (cause != null && cause.getMessage() != null) {
                return (property == null ? "" : "property '%s': ".formatted(property)) + cause.getMessage();
            }
            String message = e.getOriginalMessage().lines().findFirst().orElse(e.getOriginalMessage());
            message = QUALIFIED_CLASS_NAME.matcher(message).replaceAll("$1");
            return (property == null ? "" : "property '%s': ".formatted(property)) + message;
        }

        /**
         * Reads the file once as tokens, remembering the line of every value by its JSON pointer,
         * so that errors found later in the parsed tree can name their line.
         */
        private void recordLines()
                throws IOException
        {
            try (JsonParser parser = MAPPER.createParser(json)) {
                if (parser.nextToken() != null) {
                    recordLines(parser, "");
                }
                if (parser.nextToken() != null) {
                    throw new PolicyException(source, line(parser.currentTokenLocation()), Optional.empty(), "malformed JSON: more content after the end of the policy");
                }
            }
        }

        private void recordLines(JsonParser parser, String pointer)
                throws IOException
        {
            lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String child = pointer + "/" + escape(parser.currentName());
                    lines.put(child, parser.currentTokenLocation().getLineNr());
                    parser.nextToken();
                    recordLines(parser, child);
                }
            }
            else if (parser.currentToken() == JsonToken.START_ARRAY) {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    recordLines(parser, pointer + "/" + index);
                    index++;
                }
            }
        }

        private OptionalInt lineOf(String pointer)
        {
            Integer line = lines.get(pointer);
            return line == null ? OptionalInt.empty() : OptionalInt.of(line);
        }

        private static OptionalInt line(JsonLocation location)
        {
            return location == null || location.getLineNr() <= 0 ? OptionalInt.empty() : OptionalInt.of(location.getLineNr());
        }

        private static String escape(String name)
        {
            return name.replace("~", "~0").replace("/", "~1");
        }
    }
}
