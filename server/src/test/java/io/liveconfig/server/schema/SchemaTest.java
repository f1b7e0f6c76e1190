package io.liveconfig.server.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.liveconfig.server.core.Violation;

class SchemaTest {

    private static final SchemaRule SECRET = new SchemaRule("db.password", ValueType.STRING, null, null, 1, 64,
            "[a-z0-9]+", null, false, true, false, null);

    private static Schema schema(boolean strict, SchemaRule... rules) {
        List<Violation> problems = new ArrayList<>();
        Schema schema = Schema.compile(new SchemaDocument(List.of(rules), strict), problems);
        assertEquals(List.of(), problems);
        return schema;
    }

    @Test
    void everyFieldOfARuleIsEitherACheckOfValuesOrNot() {
        // A field added to SchemaRule must be sorted here, and into Schema.ValueChecks if it looks at values: else a
        // schema change could test a held secret against it.
        assertEquals(List.of("key", "type", "min", "max", "minLength", "maxLength", "pattern", "values", "required",
                "secret", "restartRequired", "description"),
                Arrays.stream(SchemaRule.class.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    @Test
    void checksDifferWhenAnyCheckOfValuesChanges() {
        Schema current = schema(false, SECRET);
        for (SchemaRule changed : List.of(
                new SchemaRule("db.password", ValueType.URL, null, null, 1, 64, "[a-z0-9]+", null, false, true, false,
                        null),
                new SchemaRule("db.password", ValueType.STRING, null, null, 2, 64, "[a-z0-9]+", null, false, true,
                        false, null),
                new SchemaRule("db.password", ValueType.STRING, null, null, 1, 63, "[a-z0-9]+", null, false, true,
                        false, null),
                new SchemaRule("db.password", ValueType.STRING, null, null, 1, 64, "s.*", null, false, true, false,
                        null),
                new SchemaRule("db.password", ValueType.ENUM, null, null, 1, 64, "[a-z0-9]+", List.of("a"), false,
                        true, false, null))) {
            assertFalse(current.checksAlike("db.password", schema(false, changed)), changed.toString());
        }
        Schema bounded = schema(false, new SchemaRule("n", ValueType.INT, "1", "9", null, null, null, null, false,
                true, false, null));
        assertFalse(bounded.checksAlike("n", schema(false, new SchemaRule("n", ValueType.INT, "0", "9", null, null,
                null, null, false, true, false, null))));
        assertFalse(bounded.checksAlike("n", schema(false, new SchemaRule("n", ValueType.INT, "1", "8", null, null,
                null, null, false, true, false, null))));
        // A glob that starts to match the key adds its checks.
        assertFalse(current.checksAlike("db.password", schema(false, SECRET,
                new SchemaRule("db.*", ValueType.STRING, null, null, null, 3, null, null, false, false, false, null))));
    }

    @Test
    void checksAreAlikeWhateverDoesNotLookAtValues() {
        Schema current = schema(false, new SchemaRule("other", ValueType.INT, null, null, null, null, null, null,
                false, false, false, null), SECRET);
        Schema relabelled = schema(true, new SchemaRule("db.pass*", ValueType.STRING, null, null, 1, 64,
                "[a-z0-9]+", null, false, true, true, "the database password"),
                new SchemaRule("other", ValueType.LONG, null, null, null, null, null, null, false, false, false,
                        null),
                new SchemaRule("db.password", ValueType.STRING, null, null, 1, 64, "[a-z0-9]+", null, true, true,
                        false, null));
        assertTrue(current.checksAlike("db.password", relabelled));
        assertFalse(current.checksAlike("other", relabelled));
        // A key no rule matches is checked alike only if both schemas are equally strict.
        assertTrue(current.checksAlike("free", schema(false)));
        assertFalse(current.checksAlike("free", schema(true)));
    }

    @Test
    void aStoredSchemaFromAnEarlierVersionStillChecksAsItDid() {
        SchemaRule lookahead = new SchemaRule("a", ValueType.STRING, null, null, null, null, "(?=x)x+", null, false,
                false, false, null);
        SchemaDocument document = new SchemaDocument(List.of(lookahead), false);
        List<Violation> refused = new ArrayList<>();
        Schema.compile(document, refused);
        assertEquals(List.of("rules[0].pattern"), refused.stream().map(Violation::field).toList());
        List<Violation> problems = new ArrayList<>();
        List<Violation> outdated = new ArrayList<>();
        Schema stored = Schema.compileStored(document, problems, outdated);
        assertEquals(List.of(), problems);
        assertEquals(List.of("rules[0].pattern"), outdated.stream().map(Violation::field).toList());
        Deadline deadline = Deadline.in(java.time.Duration.ofSeconds(5));
        assertEquals(List.of(), stored.check(java.util.Map.of("a", "xx"), List.of("a"), deadline));
        assertEquals(1, stored.check(java.util.Map.of("a", "yy"), List.of("a"), deadline).size());
    }
}
