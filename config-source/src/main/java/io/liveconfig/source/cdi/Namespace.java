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
 * Observes the {@link io.liveconfig.source.ConfigChange} events of one namespace only:
 * {@code void onChange(@Observes @Namespace("orders") ConfigChange change)}. Without it, an observer sees every
 * namespace's changes.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({METHOD, FIELD, PARAMETER, TYPE})
public @interface Namespace {

    /** The namespace name. */
    String value();

    /** For firing events with this qualifier. */
    final class Literal extends AnnotationLiteral<Namespace> implements Namespace {

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
