package io.liveconfig.it;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.liveconfig.testing.TestTokens;

/**
 * Makes hostile requests for the operations of the server's OpenAPI document, from one seeded {@link Random}: the same
 * seed and document give the same requests. Write requests go to scratch namespaces only; the canary namespace is only
 * ever the target of GET requests.
 */
final class HostileRequests {

    static final String MALFORMED_JSON = "malformed-json";
    static final String WRONG_TYPE = "wrong-type";
    static final String DUPLICATE_KEY = "duplicate-key";
    static final String UNKNOWN_FIELD = "unknown-field";
    static final String HUGE_BODY = "huge-body";
    static final String DEEP_NESTING = "deep-nesting";
    static final String LONG_KEY = "long-key";
    static final String CONTROL_CHARS = "control-chars";
    static final String PATH_TRICK = "path-trick";
    static final String RAW_HTTP = "raw-http";
    static final String HOSTILE_IMPORT = "hostile-import";
    static final String PATTERN = "pathological-pattern";

    /** The kinds made for every operation in turn; imports and patterns have their own rounds. */
    static final List<String> PER_OPERATION = List.of(MALFORMED_JSON, WRONG_TYPE, DUPLICATE_KEY, UNKNOWN_FIELD,
            HUGE_BODY, DEEP_NESTING, LONG_KEY, CONTROL_CHARS, PATH_TRICK, RAW_HTTP);

    /** One method of one path of the OpenAPI document. */
    record Operation(String method, String path, JsonNode bodySchema, boolean bodyRequired,
            List<String> queryParameters) {

        boolean hasBody() {
            return bodySchema != null;
        }

        boolean isImport() {
            return path.endsWith("/import");
        }

        String label() {
            return method + " " + path;
        }
    }

    private static final int MIB = 1024 * 1024;
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final List<String> HOSTILE_TEXT = List.of("\\u0000", "a\\u0000b", "\\u001b[31mred\\u001b[0m",
            "\\u0007bell", "\\ud800", "x\\udc00y", "\\ud800\\ud800", "\\u001b]0;title\\u0007", "\\u007f", "\\u009b");
    private static final List<String> HOSTILE_PATH_TEXT = List.of("%00", "a%00b", "%1B%5B31mred", "%07", "%ED%A0%80",
            "x%ED%B0%80", "%C0%80", "%7F", "%C2%9B");

    private final ObjectMapper json = new ObjectMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Random random;
    private final JsonNode components;
    private final List<String> scratch;
    private final String canary;
    private int created;
    private int wrongTypeTurn;

    HostileRequests(long seed, JsonNode openApi, List<String> scratch, String canary) {
        this.random = new Random(seed);
        this.components = openApi.path("components").path("schemas");
        this.scratch = List.copyOf(scratch);
        this.canary = canary;
    }

    /** Every path and method of the document, in its order. */
    static List<Operation> operations(JsonNode openApi) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!List.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                    continue;
                }
                JsonNode content = method.getValue().path("requestBody").path("content");
                JsonNode body = content.isObject() && content.size() > 0
                        ? content.elements().next().path("schema")
                        : null;
                List<String> query = new ArrayList<>();
                for (JsonNode parameter : method.getValue().path("parameters")) {
                    if ("query".equals(parameter.path("in").asText())) {
                        query.add(parameter.path("name").asText());
                    }
                }
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), body,
                        method.getValue().path("requestBody").path("required").asBoolean(false), query));
            }
        }
        return operations;
    }

    /** A request of this kind for this operation. */
    Hostile next(Operation operation, String kind) {
        Hostile hostile = switch (kind) {
            case MALFORMED_JSON -> malformedJson(operation);
            case WRONG_TYPE -> wrongType(operation);
            case DUPLICATE_KEY -> duplicateKey(operation);
            case UNKNOWN_FIELD -> unknownField(operation);
            case HUGE_BODY -> hugeBody(operation);
            case DEEP_NESTING -> deepNesting(operation);
            case LONG_KEY -> longKey(operation);
            case CONTROL_CHARS -> controlChars(operation);
            case PATH_TRICK -> pathTrick(operation);
            case RAW_HTTP -> rawHttp(operation);
            default -> throw new IllegalArgumentException(kind);
        };
        return authenticate(hostile);
    }

    // ---- targets ----

    private String value(Operation operation, String parameter) {
        return switch (parameter) {
            case "namespace" -> operation.method().equals("GET") && random.nextInt(6) == 0 ? canary : pick(scratch);
            case "key" -> "fz.k" + random.nextInt(4);
            case "revision", "from", "to" -> Integer.toString(1 + random.nextInt(3));
            default -> "fz-none-" + random.nextInt(1000);
        };
    }

    private List<String> pathParameters(Operation operation) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(operation.path());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The operation's path with its parameters given (already encoded) or chosen, and its default query. */
    private String target(Operation operation, Map<String, String> given, String query) {
        Matcher matcher = PATH_PARAMETER.matcher(operation.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            matcher.appendReplacement(path, Matcher.quoteReplacement(given.containsKey(name)
                    ? given.get(name)
                    : value(operation, name)));
        }
        matcher.appendTail(path);
        String fullQuery = query != null ? query : defaultQuery(operation, false);
        String target = path + (fullQuery.isEmpty() ? "" : "?" + fullQuery);
        if (!operation.method().equals("GET") && target.contains(canary)) {
            throw new IllegalStateException("a " + operation.method() + " request would target the canary: " + target);
        }
        return target;
    }

    private String defaultQuery(Operation operation, boolean jsonImport) {
        if (operation.isImport()) {
            String format = jsonImport ? "json" : pick(List.of("properties", "yaml", "json"));
            return "format=" + format + "&mode=" + pick(List.of("merge", "replace")) + "&dryRun=" + random
                    .nextBoolean();
        }
        if (operation.queryParameters().contains("limit")) {
            return "limit=10";
        }
        return "";
    }

    private Hostile start(String kind, Operation operation, String target) {
        return new Hostile(kind, operation.label(), operation.method(), target);
    }

    private Hostile authenticate(Hostile hostile) {
        int draw = random.nextInt(100);
        if (draw < 85) {
            return hostile.header("Authorization", TestTokens.bearer(TestTokens.ADMIN));
        }
        if (draw < 93) {
            String bad = pick(List.of("Bearer lct_not-a-token", TestTokens.bearer(TestTokens.ADMIN + "x"),
                    "Basic YWRtaW46YWRtaW4=", "Bearer ", "Bearer " + "a".repeat(4000), "Bearer \u001b[31m"));
            hostile.note(hostile.note.isEmpty() ? "bad token" : hostile.note + ", bad token");
            return hostile.header("Authorization", bad).refused(true);
        }
        hostile.note(hostile.note.isEmpty() ? "no token" : hostile.note + ", no token");
        return hostile.refused(true);
    }

    // ---- bodies ----

    /** A plausible body for the operation's schema: every required field and the harmless optional ones. */
    private JsonNode base(Operation operation) {
        if (!operation.hasBody() || operation.isImport()) {
            return nodes.objectNode().put("note", "fuzz");
        }
        return base(operation.bodySchema(), "", 0);
    }

    private JsonNode base(JsonNode schema, String name, int depth) {
        schema = resolve(schema);
        switch (name) {
            case "name" :
                return nodes.textNode("fz-new-" + created++);
            case "key" :
                return nodes.textNode("fz.k" + random.nextInt(4));
            case "roles" :
                return nodes.arrayNode().add("reader:" + scratch.get(0));
            case "expiresAt" :
                return nodes.textNode("2099-01-01T00:00:00Z");
            default :
                break;
        }
        if (schema.has("enum")) {
            return schema.path("enum").get(0);
        }
        switch (schema.path("type").asText()) {
            case "object" : {
                ObjectNode object = nodes.objectNode();
                if (schema.has("additionalProperties")) {
                    object.set("fz.k" + random.nextInt(4), base(schema.path("additionalProperties"), "", depth + 1));
                }
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(field -> required.add(field.asText()));
                for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields
                        .hasNext();) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (required.contains(field.getKey()) || (depth < 3 && isHarmless(field.getKey()))) {
                        object.set(field.getKey(), base(field.getValue(), field.getKey(), depth + 1));
                    }
                }
                return object;
            }
            case "array" :
                return nodes.arrayNode().add(base(schema.path("items"), "", depth + 1));
            case "boolean" :
                return nodes.booleanNode(false);
            case "integer", "number" :
                return nodes.numberNode(1);
            default :
                return nodes.textNode("fz-value");
        }
    }

    /** Optional fields whose plausible value changes nothing a later request relies on. */
    private static boolean isHarmless(String field) {
        return List.of("note", "put", "description", "requireIfMatch", "strict", "roles", "expiresAt")
                .contains(field);
    }

    private JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 10 && schema.has("$ref"); i++) {
            String ref = schema.path("$ref").asText();
            schema = components.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return schema;
    }

    /** One field of a request schema: where it is ({@code *} a map value, {@code 0} an item) and its type. */
    private record Field(List<Object> path, String type, boolean required) {
    }

    private void fields(JsonNode schema, List<Object> at, List<Field> into, int depth) {
        schema = resolve(schema);
        if (depth > 4) {
            return;
        }
        String type = schema.has("enum") ? "string" : schema.path("type").asText("object");
        if (!at.isEmpty()) {
            Object last = at.get(at.size() - 1);
            into.add(new Field(List.copyOf(at), type, !(last instanceof String name) || "*".equals(name)));
        }
        if (type.equals("object")) {
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(field -> required.add(field.asText()));
            for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields
                    .hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<Object> next = new ArrayList<>(at);
                next.add(field.getKey());
                int before = into.size();
                fields(field.getValue(), next, into, depth + 1);
                if (into.size() > before && required.contains(field.getKey())) {
                    Field own = into.get(before);
                    into.set(before, new Field(own.path(), own.type(), true));
                }
            }
            if (schema.has("additionalProperties")) {
                List<Object> next = new ArrayList<>(at);
                next.add("*");
                fields(schema.path("additionalProperties"), next, into, depth + 1);
            }
        } else if (type.equals("array")) {
            List<Object> next = new ArrayList<>(at);
            next.add(0);
            fields(schema.path("items"), next, into, depth + 1);
        }
    }

    private List<JsonNode> wrongValues(String type) {
        return switch (type) {
            case "string" -> List.of(nodes.numberNode(1), nodes.numberNode(1.5), nodes.booleanNode(true),
                    nodes.arrayNode(), nodes.objectNode(), nodes.nullNode());
            case "boolean" -> List.of(nodes.numberNode(2), nodes.textNode("true"), nodes.nullNode(),
                    nodes.numberNode(0), nodes.textNode("false"), nodes.arrayNode());
            case "integer", "number" -> List.of(nodes.textNode("5"), nodes.numberNode(1.5), nodes.booleanNode(true),
                    nodes.textNode("NaN"), nodes.arrayNode(), nodes.numberNode(new BigDecimal("1e400")),
                    nodes.nullNode());
            case "array" -> List.of(nodes.objectNode(), nodes.textNode("x"), nodes.numberNode(1), nodes.nullNode());
            default -> List.of(nodes.arrayNode().add("x"), nodes.textNode("x"), nodes.numberNode(1),
                    nodes.booleanNode(true), nodes.nullNode());
        };
    }

    /** Sets the value at the path, making the containers on the way; {@code *} is the map's first key. */
    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode container = root;
        for (int i = 0; i < path.size(); i++) {
            Object step = path.get(i);
            boolean last = i == path.size() - 1;
            Object next = last ? null : path.get(i + 1);
            if (container instanceof ObjectNode object) {
                String name = "*".equals(step)
                        ? (object.size() > 0 ? object.fieldNames().next() : "fz.k0")
                        : (String) step;
                if (last) {
                    object.set(name, value);
                    return;
                }
                JsonNode child = object.get(name);
                if (child == null || !child.isContainerNode()) {
                    child = next instanceof Integer ? object.putArray(name).add("fz-value") : object.putObject(name);
                }
                container = child;
            } else if (container instanceof ArrayNode array) {
                if (array.isEmpty()) {
                    array.add(next instanceof Integer
                            ? JsonNodeFactory.instance.arrayNode()
                            : JsonNodeFactory.instance.objectNode());
                }
                if (last) {
                    array.set(0, value);
                    return;
                }
                container = array.get(0);
            } else {
                return;
            }
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Hostile malformedJson(Operation operation) {
        String base = write(base(operation));
        String text = pick(List.of("{", "}", "[", "{\"value\":", "{\"value\":\"x\"", base + "}", base + base,
                base.substring(0, base.length() - 1) + ",}", "{'value':'x'}", "{value:x}", "{\"value\":NaN}",
                "/* comment */" + base, "{\"value\":\"x\" \"note\":\"y\"}", "{\"value\":\"unterminated}",
                "{\"value\":01}", "{\"value\":1e99999}", "{\"value\":\"\\x41\"}", "{\"value\":\"\\u12\"}",
                "[" + base + "]", "\"just a string\"", "null", "true", "{\"value\":\"raw\u0000nul\"}",
                "{\"value\":\"raw\u001b[31mesc\"}", " ", "\u0000"));
        Hostile hostile = start(MALFORMED_JSON, operation, target(operation, Map.of(),
                operation.isImport() ? defaultQuery(operation, true) : null));
        if (random.nextInt(8) == 0) {
            byte[] invalid = (base.substring(0, base.length() - 1) + ",\"x\":\"").getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[invalid.length + 4];
            System.arraycopy(invalid, 0, bytes, 0, invalid.length);
            bytes[invalid.length] = (byte) 0xff;
            bytes[invalid.length + 1] = (byte) 0xc0;
            bytes[invalid.length + 2] = '"';
            bytes[invalid.length + 3] = '}';
            return hostile.body("application/json", bytes).refused(operation.hasBody()).note("invalid UTF-8");
        }
        // A body of only white space is no body, which an operation whose body is optional takes.
        return hostile.json(text).refused(operation.hasBody() && (operation.bodyRequired() || !text.isBlank()));
    }

    private Hostile wrongType(Operation operation) {
        int turn = wrongTypeTurn++;
        if (!operation.hasBody() || operation.isImport()) {
            return wrongParameter(operation, turn);
        }
        List<Field> fields = new ArrayList<>();
        fields(operation.bodySchema(), new ArrayList<>(), fields, 0);
        Field field = fields.get(turn % fields.size());
        List<JsonNode> wrong = wrongValues(field.type());
        JsonNode value = wrong.get((turn / fields.size()) % wrong.size());
        JsonNode body = base(operation);
        set(body, field.path(), value);
        return start(WRONG_TYPE, operation, target(operation, Map.of(), null)).json(write(body))
                .refused(!value.isNull() || field.required()).note(field.path() + " " + field.type());
    }

    /** Wrong types in path and query parameters, for operations without a JSON body. */
    private Hostile wrongParameter(Operation operation, int turn) {
        List<String> numeric = pathParameters(operation).stream()
                .filter(name -> List.of("revision", "from", "to").contains(name)).toList();
        List<String> values = List.of("abc", "-1", "0", "1.5", "99999999999999999999", "0x10", "1e3", "+1", " 1");
        String wrong = values.get(turn % values.size());
        if (!numeric.isEmpty()) {
            String name = numeric.get(turn % numeric.size());
            return start(WRONG_TYPE, operation, target(operation, Map.of(name, wrong.replace(" ", "%20")), null))
                    .refused(true).note(name + "=" + wrong);
        }
        List<String> query = operation.queryParameters();
        if (!query.isEmpty()) {
            String name = query.get(turn % query.size());
            String bad = switch (name) {
                case "limit", "size" -> pick(List.of("abc", "-5", "100000", "1.5", "0", "+1"));
                case "before" -> pick(List.of("abc", "-5", "1.5", "0", "+1")); // an event id: any positive one
                case "page" -> pick(List.of("abc", "-5", "1.5", "+1", "2000000")); // pages count from 0
                case "dryRun", "force", "dropSecretValues" -> pick(List.of("2", "yes", "TRUE1", "null"));
                case "format" -> pick(List.of("xml", "PROPERTIES1", "%00"));
                case "mode" -> pick(List.of("upsert", "", "%00"));
                default -> "%zz";
            };
            String others = operation.isImport() ? "format=properties&" : "";
            Hostile hostile = start(WRONG_TYPE, operation, target(operation, Map.of(), others + name + "=" + bad));
            if (operation.isImport()) {
                hostile.body("text/plain", "fz.k0=1\n".getBytes(StandardCharsets.UTF_8));
            }
            return hostile.refused(!name.equals("namespace") || !bad.isEmpty()).note(name + "=" + bad);
        }
        return start(WRONG_TYPE, operation, target(operation, Map.of(), "limit=abc&page=-1")).note("unknown query");
    }

    private Hostile duplicateKey(Operation operation) {
        if (operation.isImport()) {
            return start(DUPLICATE_KEY, operation, target(operation, Map.of(), defaultQuery(operation, true)))
                    .json("{\"fz.k0\":\"1\",\"fz.k0\":\"2\"}").refused(true);
        }
        JsonNode body = base(operation);
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(body, objects);
        ObjectNode chosen = objects.get(random.nextInt(objects.size()));
        String text;
        if (chosen.isEmpty()) {
            text = "{\"note\":\"a\",\"note\":\"b\"}";
        } else {
            String placeholder = "fz-placeholder-" + random.nextInt(1_000_000);
            String field = chosen.fieldNames().next();
            JsonNode original = chosen.get(field);
            JsonNode other = original.isTextual()
                    ? nodes.textNode(original.asText() + "-dup")
                    : original.isBoolean() ? nodes.booleanNode(!original.asBoolean()) : original;
            String inner = "{" + write(nodes.textNode(field)) + ":" + write(other) + "," + write(chosen).substring(1);
            if (chosen == body) {
                text = inner;
            } else {
                ObjectNode copy = chosen.deepCopy();
                chosen.removeAll();
                chosen.put(placeholder, true);
                text = write(body).replace("{\"" + placeholder + "\":true}", inner);
                chosen.setAll(copy);
            }
        }
        return start(DUPLICATE_KEY, operation, target(operation, Map.of(), null)).json(text)
                .refused(operation.hasBody());
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        node.elements().forEachRemaining(child -> collectObjects(child, into));
    }

    private Hostile unknownField(Operation operation) {
        JsonNode body = base(operation);
        ObjectNode into = body instanceof ObjectNode object ? object : nodes.objectNode();
        if (into.has("rules") && random.nextBoolean() && into.path("rules").get(0) instanceof ObjectNode rule) {
            into = rule;
        }
        String name = pick(List.of("fzUnknown", "@class", "__proto__", "", "Value", "value ", "\\u0000"));
        into.set(name, pick(List.of(nodes.numberNode(1), nodes.textNode("x"), nodes.objectNode().put("a", 1))));
        return start(UNKNOWN_FIELD, operation, target(operation, Map.of(), operation.isImport()
                ? defaultQuery(operation, true)
                : null)).json(write(body)).note("field '" + name + "'");
    }

    private Hostile hugeBody(Operation operation) {
        int size = pick(List.of(MIB - 4096, MIB - 256, MIB + 4096, 3 * MIB));
        boolean chunked = random.nextBoolean();
        Hostile hostile;
        if (operation.isImport()) {
            StringBuilder file = new StringBuilder(size + 64);
            for (int i = 0; file.length() < size; i++) {
                file.append("fz.huge").append(i).append('=').append("v".repeat(1000)).append('\n');
            }
            file.setLength(size);
            hostile = start(HUGE_BODY, operation, target(operation, Map.of(), "format=properties&dryRun=true"))
                    .body("text/plain", file.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            JsonNode body = base(operation);
            String text = write(body);
            String pad = "x".repeat(Math.max(0, size - text.length() - 16));
            int quote = text.indexOf("\":\"");
            text = quote > 0
                    ? text.substring(0, quote + 3) + pad + text.substring(quote + 3)
                    : "{\"pad\":\"" + pad + "\"," + text.substring(1);
            hostile = start(HUGE_BODY, operation, target(operation, Map.of(), null)).json(text);
        }
        hostile.framing = chunked ? Hostile.Framing.CHUNKED : Hostile.Framing.DECLARED;
        return hostile.refused(operation.hasBody() && hostile.body.length > MIB)
                .note(hostile.body.length + " B " + (chunked ? "chunked" : "declared"));
    }

    private Hostile deepNesting(Operation operation) {
        int depth = 10_000;
        String text = switch (random.nextInt(4)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case 2 -> "[".repeat(depth);
            default -> "{\"value\":" + "[".repeat(depth) + "\"x\"" + "]".repeat(depth) + "}";
        };
        if (operation.isImport() && random.nextBoolean()) {
            return start(DEEP_NESTING, operation, target(operation, Map.of(), "format=yaml&dryRun=true"))
                    .body("application/yaml", ("a: " + text).getBytes(StandardCharsets.UTF_8)).refused(true);
        }
        return start(DEEP_NESTING, operation, target(operation, Map.of(), operation.isImport()
                ? defaultQuery(operation, true)
                : null)).json(text).refused(operation.hasBody());
    }

    private static String longKey(int length) {
        StringBuilder key = new StringBuilder("k");
        while (key.length() < length) {
            key.append(key.length() % 10 == 9 ? '.' : (char) ('a' + key.length() % 26));
        }
        key.setLength(length);
        if (key.charAt(length - 1) == '.') {
            key.setCharAt(length - 1, 'z');
        }
        return key.toString();
    }

    private Hostile longKey(Operation operation) {
        String key = longKey(random.nextBoolean() ? 300 : 5_000);
        List<String> parameters = pathParameters(operation);
        if (!parameters.isEmpty() && (random.nextBoolean() || !operation.hasBody())) {
            String name = parameters.contains("key") ? "key" : parameters.get(random.nextInt(parameters.size()));
            return start(LONG_KEY, operation, target(operation, Map.of(name, key), null))
                    .note(key.length() + " chars in " + name);
        }
        if (operation.isImport()) {
            return start(LONG_KEY, operation, target(operation, Map.of(), "format=properties&dryRun=true"))
                    .body("text/plain", (key + "=1\n").getBytes(StandardCharsets.UTF_8))
                    .note(key.length() + " chars in the file");
        }
        JsonNode body = base(operation);
        if (body instanceof ObjectNode object) {
            if (object.has("put")) {
                object.putObject("put").put(key, "v");
            } else if (object.has("rules")) {
                ((ObjectNode) object.path("rules").get(0)).put("key", key);
            } else if (object.has("name")) {
                object.put("name", key);
            } else {
                object.put(key, "v");
            }
            if (object.has("put") && random.nextBoolean()) {
                object.putArray("delete").add(key);
            }
        }
        return start(LONG_KEY, operation, target(operation, Map.of(), null)).json(write(body))
                .note(key.length() + " chars in the body");
    }

    private Hostile controlChars(Operation operation) {
        List<String> parameters = pathParameters(operation);
        if (!parameters.isEmpty() && (random.nextInt(3) == 0 || !operation.hasBody())) {
            String name = parameters.get(random.nextInt(parameters.size()));
            String text = pick(HOSTILE_PATH_TEXT);
            String value = random.nextBoolean() ? text : value(operation, name) + text;
            return start(CONTROL_CHARS, operation, target(operation, Map.of(name, value), null)).refused(true)
                    .note("in " + name);
        }
        String escape = pick(HOSTILE_TEXT);
        if (operation.isImport()) {
            String format = pick(List.of("properties", "json"));
            String file = format.equals("json") ? "{\"fz.k0\":\"FZCTRL\"}" : "fz.k0=FZCTRL\n";
            return start(CONTROL_CHARS, operation, target(operation, Map.of(), "format=" + format + "&dryRun=true"))
                    .body("text/plain", file.replace("FZCTRL", escape).getBytes(StandardCharsets.UTF_8))
                    .refused(true).note(format + " import");
        }
        JsonNode body = base(operation);
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(body, objects);
        boolean placed = false;
        for (ObjectNode object : objects) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext() && !placed;) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual() && random.nextInt(2) == 0) {
                    field.setValue(nodes.textNode("FZCTRL"));
                    placed = true;
                }
            }
        }
        if (!placed && body instanceof ObjectNode object) {
            if (object.has("put")) {
                object.putObject("put").put("fz.FZCTRL", "v");
            } else {
                object.put("note", "FZCTRL");
            }
        }
        boolean inSchema = placed || (body.has("put")) || operation.bodySchema() != null
                && resolve(operation.bodySchema()).path("properties").has("note");
        return start(CONTROL_CHARS, operation, target(operation, Map.of(), null))
                .json(write(body).replace("FZCTRL", escape)).refused(operation.hasBody() && inSchema);
    }

    private Hostile pathTrick(Operation operation) {
        List<String> parameters = pathParameters(operation);
        String other = pick(scratch);
        if (parameters.isEmpty() || random.nextInt(5) == 0) {
            String path = target(operation, Map.of(), "");
            String tricked = switch (random.nextInt(8)) {
                case 0 -> path + "/..";
                case 1 -> path + "/%2e%2e";
                case 2 -> path + ";jsessionid=1";
                case 3 -> path + "%00";
                case 4 -> path.replace("/api/v1/", "/api/v1/%2e%2e/v1/");
                case 5 -> path.replace("/api/v1/", "/api/v1/./");
                case 6 -> path + "/.";
                default -> path.replace("/api/v1/", "/api//v1/");
            };
            return start(PATH_TRICK, operation, tricked).refused(!tricked.contains("//"));
        }
        String name = parameters.contains("key") && random.nextBoolean()
                ? "key"
                : parameters.get(random.nextInt(parameters.size()));
        String value = value(operation, name);
        String tricked = pick(List.of("..", "%2e%2e", ".%2e", "%2E%2e", ".", "%2e", "%c0%ae%c0%ae",
                value + ";jsessionid=1", value + ";a=b", "a%2fb", "..%2f" + other, value + "%2f..%2f..",
                value + "%00", "%zz", value + "%", "%u002e%u002e", "%5c..%5c", value + "/.", value + "%2e",
                name.equals("namespace") ? value + "/../" + other : value + "/..",
                name.equals("key") ? "../../" + other + "/entries/fz.k0" : "%2e%2e%2f" + other));
        return start(PATH_TRICK, operation, target(operation, Map.of(name, tricked), null)).refused(true)
                .note(name + "=" + tricked);
    }

    private Hostile rawHttp(Operation operation) {
        String target = target(operation, Map.of(), null);
        Hostile hostile = start(RAW_HTTP, operation, target);
        switch (random.nextInt(9)) {
            case 0 -> {
                hostile.host = false;
                hostile.refused(true).note("no Host header");
            }
            case 1 -> hostile.header("X-Fuzz", "a\u0000b").note("NUL in a header");
            case 2 -> {
                Hostile longLine = start(RAW_HTTP, operation, target + (target.contains("?") ? "&" : "?") + "pad="
                        + "a".repeat(10_000));
                return longLine.note("10 kB request line");
            }
            case 3 -> {
                for (int i = 0; i < 20; i++) {
                    hostile.header("X-Fuzz-" + i, "h".repeat(1_000));
                }
                hostile.note("20 kB of headers");
            }
            case 4 -> hostile.header("X-Fuzz", "h".repeat(20_000)).note("one 20 kB header");
            case 5, 6 -> {
                hostile.framing = Hostile.Framing.RAW;
                hostile.header("Content-Type", "application/json").header("Transfer-Encoding", "chunked");
                String framing = pick(
                        List.of("zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}}}}}\r\n0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n",
                                "fffffffffffffffffffff\r\n{}\r\n0\r\n\r\n", "2;\u0000\r\n{}\r\n0\r\n\r\n",
                                "2\r\n{}0\r\n\r\n"));
                hostile.body = framing.getBytes(StandardCharsets.ISO_8859_1);
                hostile.unframed().note("bad chunk framing");
            }
            case 7 -> {
                hostile.framing = Hostile.Framing.RAW;
                hostile.header("Content-Type", "application/json").header("Content-Length", "5")
                        .header("Transfer-Encoding", "chunked");
                hostile.body = "2\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                hostile.unframed().note("Content-Length and chunked");
            }
            default -> hostile.header("X-Fuzz", "a\r\n folded").note("obsolete line folding");
        }
        return hostile;
    }

    // ---- imports ----

    /** A hostile file for the import route of a scratch namespace. */
    Hostile hostileImport(Operation operation) {
        record File(String format, byte[] bytes, String what) {
        }
        String anchors = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n";
        StringBuilder laughs = new StringBuilder(anchors);
        for (char c = 'b'; c <= 'j'; c++) {
            laughs.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ",").repeat(9))
                    .append("*").append((char) (c - 1)).append("]\n");
        }
        List<File> files = List.of(
                new File("properties", utf8("fz.a=1\nfz.a=2\n"), "duplicate keys"),
                new File("properties", utf8("fz.a=x\u0000y\n"), "NUL"),
                new File("properties", bytes("fz.a=", 0xff, 0xfe, "\n"), "invalid UTF-8"),
                new File("properties", bytes("fz.a=", 0xed, 0xa0, 0x80, "\n"), "surrogate as UTF-8"),
                new File("properties", utf8("fz.a=\u001b[31mred\u001b[0m\n"), "ANSI escape"),
                new File("properties", utf8("fz.a=\\ud800\n"), "lone surrogate escape"),
                new File("properties", utf8("fz.a=\\u0000\n"), "NUL escape"),
                new File("properties", utf8("fz\\u0000a=1\n"), "NUL escape in a key"),
                new File("yaml", utf8("fz:\n  a: 1\nfz:\n  a: 2\n"), "duplicate keys"),
                new File("yaml", utf8("fz.a: 1\nfz:\n  a: 2\n"), "key collision"),
                new File("yaml", utf8("fz:\n  a: &x v\n  b: *x\n"), "alias"),
                new File("yaml", utf8("base: &b {x: 1}\nfz:\n  <<: *b\n"), "merge key"),
                new File("yaml", utf8(laughs.toString()), "billion laughs"),
                new File("yaml", utf8("fz.a: !!binary aGk=\n"), "binary tag"),
                new File("yaml", utf8("fz.a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
                        + "[[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n"), "class tag"),
                new File("yaml", utf8("fz.a: !custom x\n"), "unknown tag"),
                new File("yaml", bytes("fz.a: ", 0xff, 0xfe, "\n"), "invalid UTF-8"),
                new File("yaml", utf8("fz.a: \"x\\0y\"\n"), "NUL escape"),
                new File("yaml", utf8("fz.a: x\u0000y\n"), "NUL"),
                new File("yaml", utf8("fz.a: \"\\ud800\"\n"), "lone surrogate escape"),
                new File("json", utf8("{\"fz.a\":\"1\",\"fz.a\":\"2\"}"), "duplicate keys"),
                new File("json", utf8("{\"fz.a.b\":\"1\",\"fz\":{\"a\":{\"b\":\"2\"}}}"), "key collision"),
                new File("json", utf8("{\"fz.a\":\"\\u0000\"}"), "NUL escape"),
                new File("json", utf8("{\"fz.a\":\"\\ud800\"}"), "lone surrogate escape"),
                new File("json", bytes("{\"fz.a\":\"", 0xc0, 0xaf, "\"}"), "invalid UTF-8"));
        File file = files.get(random.nextInt(files.size()));
        String query = "format=" + file.format() + "&mode=" + pick(List.of("merge", "replace")) + "&dryRun="
                + random.nextBoolean();
        String type = switch (file.format()) {
            case "yaml" -> "application/yaml";
            case "json" -> "application/json";
            default -> "text/x-java-properties";
        };
        return authenticate(start(HOSTILE_IMPORT, operation, target(operation, Map.of(), query))
                .body(type, file.bytes()).refused(!file.what().equals("merge key")).note(file.format() + ": "
                        + file.what()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, Object... rest) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        for (Object part : rest) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(utf8((String) part));
            }
        }
        return out.toByteArray();
    }

    // ---- patterns ----

    /**
     * A schema with a pathological pattern for a namespace of its own, then writes of values that make a backtracking
     * engine run for minutes: every one must be answered within the bound.
     */
    List<Hostile> pathologicalPatterns(String namespace, Operation putSchema, Operation putEntry,
            Operation changes, Operation validate, Operation importFile) {
        List<Hostile> requests = new ArrayList<>();
        record Case(String key, String pattern, String value, boolean refuse) {
        }
        String as = "a".repeat(30) + "!";
        List<Case> cases = List.of(
                new Case("p.*", "(.*a){12}", as, false),
                new Case("p.*", "(a|b)*", "ab".repeat(20_000) + "c", false),
                new Case("p.*", "(a*)*b", "a".repeat(5_000), false),
                new Case("p.*", "(x+x+)+y", "x".repeat(5_000), false),
                new Case("p.*", "(a+)+$", "a".repeat(40) + "!", false),
                new Case("p.*", "(.*){20}x", "a".repeat(60_000), false),
                new Case("p.*", "^(a+)\\1$", as, true),
                new Case("p.*", "(?<n>a+)\\k<n>", as, true),
                new Case("p.*", "(?=a)*a+", as, false),
                new Case("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", null, "v", false));
        for (Case c : cases) {
            ObjectNode rule = nodes.objectNode().put("key", c.key()).put("type", "string");
            if (c.pattern() != null) {
                rule.put("pattern", c.pattern());
            }
            ObjectNode schema = nodes.objectNode();
            schema.putArray("rules").add(rule);
            schema.put("strict", false);
            requests.add(start(PATTERN, putSchema, target(putSchema, Map.of("namespace", namespace), ""))
                    .json(write(schema)).refused(c.refuse()).note("schema " + c.pattern()));
            String key = c.pattern() == null ? "a".repeat(200) : "p.v";
            String value = write(nodes.textNode(c.value()));
            String putBody = "{\"put\":{\"" + key + "\":" + value + "}}";
            requests.add(start(PATTERN, putEntry, target(putEntry, Map.of("namespace", namespace, "key", key), ""))
                    .json("{\"value\":" + value + "}").note("value for " + c.pattern()));
            requests.add(start(PATTERN, validate, target(validate, Map.of("namespace", namespace), ""))
                    .json(putBody).note("validate for " + c.pattern()));
            requests.add(start(PATTERN, changes, target(changes, Map.of("namespace", namespace), ""))
                    .json(putBody).note("change set for " + c.pattern()));
            requests.add(start(PATTERN, importFile, target(importFile, Map.of("namespace", namespace),
                    "format=properties&dryRun=true")).body("text/plain", utf8(key + "=" + c.value() + "\n"))
                    .note("import for " + c.pattern()));
        }
        for (String bound : List.of("\"min\":\"NaN\"", "\"max\":\"NaN\"", "\"min\":\"1e999\"")) {
            for (String type : List.of("int", "double")) {
                requests.add(start(PATTERN, putSchema, target(putSchema, Map.of("namespace", namespace), ""))
                        .json("{\"rules\":[{\"key\":\"n\",\"type\":\"" + type + "\"," + bound + "}]}")
                        .refused(!(type.equals("double") && bound.contains("1e999"))).note(type + " " + bound));
            }
        }
        requests.forEach(request -> request.header("Authorization", TestTokens.bearer(TestTokens.ADMIN)));
        return requests;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
