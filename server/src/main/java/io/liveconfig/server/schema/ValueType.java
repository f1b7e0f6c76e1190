package io.liveconfig.server.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.Converter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.Converters;

/**
 * The types a schema can require. Values are checked with the converters the apps themselves use (SmallRye Config's and
 * Quarkus'), so a value that passes here converts in the app.
 */
public enum ValueType {

    STRING(value -> value, null), INT(Converters.getImplicitConverter(Integer.class)::convert,
            Comparator.comparingInt(v -> (Integer) v)), LONG(Converters.getImplicitConverter(Long.class)::convert,
                    Comparator.comparingLong(v -> (Long) v)), DOUBLE(
                            Converters.getImplicitConverter(Double.class)::convert,
                            Comparator.comparingDouble(v -> (Double) v)), BOOLEAN(ValueType::strictBoolean,
                                    null), DURATION(new DurationConverter()::convert,
                                            Comparator.comparing(v -> (Duration) v)), ENUM(value -> value, null), URL(
                                                    Converters.getImplicitConverter(java.net.URL.class)::convert,
                                                    null), LIST(ValueType::list,
                                                            null), REGEX_PATTERN(Pattern::compile, null);

    private final Function<String, Object> converter;
    private final Comparator<Object> order;

    ValueType(Function<String, Object> converter, Comparator<Object> order) {
        this.converter = converter;
        this.order = order;
    }

    /** The name used in schema documents: {@code int}, {@code regex-pattern}, … */
    @JsonValue
    public String schemaName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static ValueType fromSchemaName(String name) {
        for (ValueType type : values()) {
            if (type.schemaName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown type '" + name + "'");
    }

    /**
     * Converts a value as an app would.
     *
     * @throws IllegalArgumentException if the value is not of this type
     */
    public Object convert(String value) {
        Object converted;
        try {
            converted = converter.apply(value);
        } catch (RuntimeException | StackOverflowError e) {
            // java.util.regex compiles a regex-pattern value by recursion, once per nested group: a value of 65,536
            // parentheses overflows the stack there, and is no valid pattern for the apps that compile it either.
            throw new IllegalArgumentException("is not a valid " + schemaName(), e);
        }
        if (converted == null) {
            throw new IllegalArgumentException("is not a valid " + schemaName());
        }
        return converted;
    }

    /** Whether values of this type have an order, so that min and max apply. */
    public boolean isOrdered() {
        return order != null;
    }

    public int compare(Object a, Object b) {
        return order.compare(a, b);
    }

    /** MicroProfile Config accepts many spellings of true; a schema asks for an unambiguous one. */
    private static Object strictBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    /** A comma-separated list as SmallRye Config splits it (a backslash escapes a comma). */
    private static Object list(String value) {
        Converter<ArrayList<String>> lists = Converters.newCollectionConverter(
                Converters.getImplicitConverter(String.class),
                ArrayList::new);
        List<String> items = lists.convert(value);
        return items == null ? List.of() : items;
    }
}
