package io.liveconfig.server.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.core.Violation;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/** The one place where errors become {@code application/problem+json} responses, for the whole API. */
public class ProblemMappers {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^'\\p{Cntrl}]{1,256})'");

    private final AccessRefusals refusals;
    private final CurrentIdentityAssociation identity;

    ProblemMappers(AccessRefusals refusals, CurrentIdentityAssociation identity) {
        this.refusals = refusals;
        this.identity = identity;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> refused(Refusal e, UriInfo uri, HttpServerRequest request) {
        if (e.reason() == Refusal.Reason.FORBIDDEN) {
            refused(403, principal(), request);
        }
        return problem(status(e.reason()), e.type(), e.title(), e.getMessage(), uri, e.violations());
    }

    /**
     * No credentials, or credentials that are not valid: the same answer whether a token is malformed, unknown, expired
     * or revoked, so that it tells an attacker nothing.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public RestResponse<Problem> unauthenticated(RuntimeException e, UriInfo uri, HttpServerRequest request) {
        refused(401, "anonymous", request);
        return RestResponse.ResponseBuilder.<Problem>create(401).entity(Problem.unauthenticated(uri.getPath()))
                .type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, Problem.CHALLENGE).build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e, UriInfo uri, HttpServerRequest request) {
        refused(403, principal(), request);
        return problem(403, "forbidden", "Forbidden", "Your grants do not allow " + request.method() + " "
                + uri.getPath(), uri, List.of());
    }

    private void refused(int status, String principal, HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        refusals.refused(status, request.method().name(), request.path(), principal,
                peer == null ? null : peer.hostAddress());
    }

    /** Who was refused; known by now, since authorization follows authentication. */
    private String principal() {
        try {
            SecurityIdentity caller = identity.getIdentity();
            return caller == null || caller.isAnonymous() ? "anonymous" : caller.getPrincipal().getName();
        } catch (RuntimeException e) {
            return "unknown"; // on the event loop the identity cannot be awaited, even if it is resolved
        }
    }

    /** The HTTP status of each reason a request is refused for. */
    static int status(Refusal.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case GONE -> 410;
            case CONFLICT -> 409;
            case PRECONDITION_FAILED -> 412;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case PRECONDITION_REQUIRED -> 428;
            case UNAVAILABLE -> 503;
        };
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException e, UriInfo uri) {
        List<Violation> violations = e.getConstraintViolations()
                .stream()
                .map(v -> new Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        return problem(400, "invalid-request", "Invalid request",
                violations.size() == 1
                        ? violations.get(0).field() + " " + violations.get(0).message()
                        : violations.size() + " inputs are invalid",
                uri, violations);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class})
    public RestResponse<Problem> unreadable(JsonProcessingException e, UriInfo uri) {
        String what = jacksonMessage(e);
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        List<Violation> violations = List.of();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath()
                    .stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("");
            violations = List.of(new Violation(field, what));
        }
        return problem(400, "unreadable-body", "Unreadable request body",
                "The body is not the JSON this endpoint expects" + where + ": " + what, uri,
                violations);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidParameter(StrictParameters.InvalidParameter e, UriInfo uri) {
        return problem(400, "invalid-request", "Invalid request", e.parameter() + " " + e.getMessage(), uri,
                List.of(new Violation(e.parameter(), e.getMessage())));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri); // the JSON reader wraps what Jackson found wrong
        }
        Response response = e.getResponse();
        if (response.getStatus() >= 500) {
            return unexpected(e, uri);
        }
        String title = response.getStatusInfo().getReasonPhrase();
        return problem(response.getStatus(), "http-" + response.getStatus(), title, e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        logUnexpected(e, id, uri.getPath());
        return RestResponse.ResponseBuilder.<Problem>create(500).entity(internalError(id, uri.getPath()))
                .type(Problem.MEDIA_TYPE).build();
    }

    /** The 500 of an unexpected error, naming the id under which it was logged. */
    static Problem internalError(String id, String instance) {
        return Problem.of(500, "internal-error", "Internal server error",
                "The server failed to handle the request; the server log has error " + id, instance);
    }

    /**
     * Logs an unexpected error in a few lines: its class and message, those of its causes, and the top frames; the
     * whole trace only at DEBUG. A request that overflows the stack would otherwise write thousands of frames.
     */
    static void logUnexpected(Throwable e, String id, String path) {
        ServerLog.LOG.unexpected(id, path, summary(e));
        ServerLog.LOG.unexpectedTrace(e, id);
    }

    static final int FRAMES = 8;
    static final int CAUSES = 3;
    private static final int MESSAGE = 300;

    /** At most {@value #CAUSES} causes and {@value #FRAMES} frames, one line each, each message cut and on one line. */
    static String summary(Throwable e) {
        if (e == null) {
            return "(no exception)";
        }
        StringBuilder text = new StringBuilder(describe(e));
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
            text.append("\n\tat ").append(frames[i]);
        }
        if (frames.length > FRAMES) {
            text.append("\n\t... ").append(frames.length - FRAMES).append(" more frames (the whole trace at DEBUG)");
        }
        Throwable cause = e.getCause();
        for (int i = 0; i < CAUSES && cause != null && cause != e; i++, cause = cause.getCause()) {
            text.append("\ncaused by ").append(describe(cause));
        }
        return text.toString();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getName();
        }
        message = message.replaceAll("\\p{Cntrl}", " ");
        if (message.length() > MESSAGE) {
            int cut = Character.isHighSurrogate(message.charAt(MESSAGE - 1)) ? MESSAGE - 1 : MESSAGE;
            message = message.substring(0, cut) + "...";
        }
        return e.getClass().getName() + ": " + message;
    }

    private static RestResponse<Problem> problem(int status, String type, String title, String detail, UriInfo uri,
            List<Violation> violations) {
        Problem body = new Problem(Problem.TYPE_PREFIX + type, title, status, detail, uri.getPath(), violations);
        return RestResponse.ResponseBuilder.<Problem>create(status).entity(body).type(Problem.MEDIA_TYPE).build();
    }

    /**
     * Jackson's own message without its notes on where the source was, which the problem says better. A syntax error's
     * message quotes the offending token, which may be a secret: it is replaced by a plain statement.
     */
    private static String jacksonMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.lookingAt()) {
            return "member '" + duplicate.group(1) + "' appears twice"; // a member's name is not a value: say it
        }
        if (e instanceof JsonParseException) {
            return "malformed JSON";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && !(e instanceof UnrecognizedPropertyException)) {
            return "must be " + jsonType(mismatch.getTargetType()); // Jackson's message would quote the value
        }
        int note = message.indexOf(" (start marker at");
        if (note < 0) {
            note = message.indexOf("\n at [Source");
        }
        return note < 0 ? message : message.substring(0, note);
    }

    /** What a field of a request record is in JSON terms. */
    private static String jsonType(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** Where the invalid input was: a parameter name, then a path into the body, without the Java method name. */
    private static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
            if (node.getKey() != null) {
                field.append('[').append(node.getKey()).append(']');
            } else if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
