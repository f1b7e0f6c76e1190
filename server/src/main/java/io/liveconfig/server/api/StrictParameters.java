package io.liveconfig.server.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Query and path parameters mean what they say: a flag is {@code true} or {@code false} ({@code dryRun=2} is not
 * {@code false}), a number is a number. JAX-RS answers a parameter it cannot convert with an empty 404; these
 * converters answer 400 naming the parameter ({@link InvalidParameter}).
 */
@Provider
public class StrictParameters implements ParamConverterProvider {

    /** A parameter that is not of its type; its message says which and what it must be. */
    public static final class InvalidParameter extends BadRequestException {

        private static final long serialVersionUID = 1L;

        private final String parameter;

        InvalidParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> raw, Type generic, Annotation[] annotations) {
        String name = name(annotations);
        if (name == null) {
            return null;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return (ParamConverter<T>) new Strict<>(name, "true or false", StrictParameters::flag);
        }
        if (raw == int.class || raw == Integer.class) {
            return (ParamConverter<T>) new Strict<>(name, "an integer", integer(Integer::valueOf));
        }
        if (raw == long.class || raw == Long.class) {
            return (ParamConverter<T>) new Strict<>(name, "an integer", integer(Long::valueOf));
        }
        return null;
    }

    /**
     * ASCII digits, with a minus sign if negative: {@code +1}, {@code 01} or Arabic-Indic digits would name revision 1
     * by another spelling, which is not taken.
     */
    private static <T> Function<String, T> integer(Function<String, T> parse) {
        return value -> {
            int first = value.startsWith("-") ? 1 : 0;
            if (value.length() == first || value.length() > first + 1 && value.charAt(first) == '0') {
                throw new IllegalArgumentException();
            }
            for (int i = first; i < value.length(); i++) {
                if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                    throw new IllegalArgumentException();
                }
            }
            return parse.apply(value);
        };
    }

    private static Boolean flag(String value) {
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException();
        };
    }

    private static String name(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof PathParam path) {
                return path.value();
            }
        }
        return null;
    }

    private record Strict<T>(String name, String what, Function<String, T> parse) implements ParamConverter<T> {

        @Override
        public T fromString(String value) {
            if (value == null) {
                return null; // absent: the parameter's default applies
            }
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter(name, "must be " + what);
            }
        }

        @Override
        public String toString(T value) {
            return String.valueOf(value);
        }
    }
}
