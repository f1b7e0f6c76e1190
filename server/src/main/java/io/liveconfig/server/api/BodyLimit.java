package io.liveconfig.server.api;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Refuses a body over {@code quarkus.http.limits.max-body-size} with problem details. Quarkus enforces the same limit
 * with an empty 413; this route runs just before it, after authentication. A request that declares its length is
 * refused at once; a chunked one (no Content-Length) is read here up to the limit by Vert.x' body handler, whose 413
 * {@link HttpProblems} answers, and the REST layer then takes the body that was read. Form and multipart bodies are
 * left to Quarkus, which parses them itself.
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long max = limit.asLongValue();
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(max).setDeleteUploadedFilesOnEnd(true);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, max)) {
                Problem problem = new Problem("urn:liveconfig:problem:body-too-large", "Request body too large", 413,
                        "The body has " + length + " bytes; the limit is " + max + " bytes", context.request().path(),
                        List.of());
                context.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(encode(json, problem));
                return;
            }
            if (length == null && context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                    && !isForm(context.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
                chunked.handle(context);
                return;
            }
            context.next();
        });
    }

    private static String encode(ObjectMapper json, Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serializes", e);
        }
    }

    private static boolean isForm(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
    }

    private static boolean exceeds(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // Quarkus itself rejects a malformed length
        }
    }
}
