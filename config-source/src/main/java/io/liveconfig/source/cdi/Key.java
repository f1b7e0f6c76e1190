package io.liveconfig.source.cdi;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

/**
 * Observes the changes of one property only:
 * {@code void onChange(@Observes @Key("db.pool.size") ConfigChange.KeyChange change)}. Without it, an observer sees
 * every key's changes; for a prefix, observe {@link io.liveconfig.source.ConfigChange} and use
 * {@link io.liveconfig.source.ConfigChange#changesUnder(String)}.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({METHOD, FIELD, PARAMETER, TYPE})
public @interface Key {

    /** The property name. */
    String value();

    /** For firing events with this qualifier. */
    final class Literal extends AnnotationLiteral<Key> implements Key {

        private static final long serialVersionUID = 1L;
        private final String value;

        public Literal(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }
}
