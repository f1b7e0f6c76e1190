package io.liveconfig.server.api;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes the refusals of the HTTP layer, below the REST routes, problem details like every other error of the API:
 * <ul>
 * <li>a failure of any route (a body over the limit, a missing Host, an exception nothing mapped) and a request no
 * route takes (404, 405) are answered here rather than by Quarkus' or Vert.x' own pages;</li>
 * <li>the request line and header limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code quarkus.http.limits.max-header-size}) are checked here (414, 431), with Netty's own limits set to
 * {@value #CODEC_FACTOR} times as much: Netty answers what it refuses itself with an empty response, and Quarkus gives
 * no hook to change that (it creates the Vert.x server and starts it at once, without setting its
 * {@code invalidRequestHandler});</li>
 * <li>header names and values are checked here ({@link #headerProblem}), with Netty's check turned off by ServerMain
 * for the same reason.</li>
 * </ul>
 * What Netty still refuses itself, before any route: a request line or headers over {@value #CODEC_FACTOR} times the
 * limits, and framing it cannot read (an invalid chunk size, Content-Length with chunked or twice): an empty 400, 414
 * or 431 and a closed connection, or the connection closed without an answer.
 */
@ApplicationScoped
public class HttpProblems implements HttpServerOptionsCustomizer {

    /** Before everything else, since the size of the request line and headers needs no other check. */
    static final int ORDER = -20_000;
    /**
     * The request line and headers are checked right after Quarkus' own first routes (access log, timing, configured
     * response headers, body handler), which copy nothing of the request into the answer: before CORS, which does.
     */
    static final int FIRST = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1;
    /** Netty's limits are this many times ours, so that what is over ours reaches {@link #limits}. */
    static final int CODEC_FACTOR = 16;

    private final ObjectMapper json;
    private final int maxLine;
    private final long maxHeaders;

    HttpProblems(@ConfigProperty(name = "quarkus.http.limits.max-initial-line-length") int maxLine,
            @ConfigProperty(name = "quarkus.http.limits.max-header-size") MemorySize maxHeaders, ObjectMapper json) {
        this.maxLine = maxLine;
        this.maxHeaders = maxHeaders.asLongValue();
        this.json = json;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxInitialLineLength(Math.multiplyExact(maxLine, CODEC_FACTOR));
        options.setMaxHeaderSize(Math.toIntExact(Math.multiplyExact(maxHeaders, CODEC_FACTOR)));
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customizeHttpServer(options);
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::limits);
        router.route().order(ORDER).failureHandler(this::failed);
        for (int status : new int[]{400, 404, 405, 406, 413, 414, 415, 431, 500, 501, 503}) {
            router.errorHandler(status, context -> unhandled(context, status));
        }
    }

    private void limits(RoutingContext context) {
        // As Netty counts: "METHOD SP target SP HTTP/x.y", and each header's name and value.
        int line = context.request().method().name().length() + context.request().uri().length() + 10;
        if (line > maxLine) {
            send(context, Problem.of(414, "uri-too-long", "Request target too long", "The request line has "
                    + line + " characters; the limit is " + maxLine + " (quarkus.http.limits.max-initial-line-length)",
                    PathGuard.shown(context.request().uri())));
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> header : context.request().headers()) {
            headers += header.getKey().length() + header.getValue().length() + 2;
            Optional<String> problem = headerProblem(header.getKey(), header.getValue());
            if (problem.isPresent()) {
                send(context, Problem.of(400, "invalid-header", "Invalid request header", problem.get(),
                        PathGuard.shown(context.request().path())));
                return;
            }
        }
        if (headers > maxHeaders) {
            send(context, Problem.of(431, "headers-too-large", "Request headers too large", "The headers have "
                    + headers + " bytes; the limit is " + maxHeaders + " (quarkus.http.limits.max-header-size)",
                    PathGuard.shown(context.request().path())));
            return;
        }
        context.next();
    }

    /**
     * What is wrong with a header as RFC 9110 writes them, if anything: a name of token characters, a value without
     * control characters but tab. Netty's own check is off (ServerMain), since it answers with an empty 400; this one
     * runs before every other route, so no request text with a line break or NUL reaches a handler or a response
     * header.
     */
    static Optional<String> headerProblem(String name, String value) {
        if (name.isEmpty()) {
            return Optional.of("A header has an empty name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return Optional.of(String.format("A header name has the character U+%04X at position %d, which a "
                        + "header name cannot have", (int) c, i));
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return Optional.of(String.format("The value of header %s has the control character U+%04X at "
                        + "position %d", PathGuard.shown(name), (int) c, i));
            }
        }
        return Optional.empty();
    }

    /**
     * A route failed: with a status (Vert.x' own refusals, such as a malformed escape or a body over the limit) or with
     * an exception that nothing mapped. Authentication failures go on to Quarkus, which answers them with the API's
     * challenge (security.ApiTokenMechanism).
     */
    private void failed(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof ForbiddenException || failure instanceof AuthenticationCompletionException
                || failure instanceof AuthenticationRedirectException) {
            context.next();
            return;
        }
        if (context.response().headWritten()) {
            context.response().reset(); // nothing sensible can follow a response that has begun
            return;
        }
        int status = context.statusCode();
        if (status < 400 && failure instanceof io.vertx.ext.web.handler.HttpException http) {
            status = http.getStatusCode();
        }
        if (status < 400 || status >= 500) {
            unexpected(context, failure);
            return;
        }
        send(context, status(context, status));
    }

    /** No failure handler answered; also the answer to a request that no route takes (404, 405). */
    private void unhandled(RoutingContext context, int status) {
        if (context.response().ended()) {
            return;
        }
        if (status >= 500) {
            unexpected(context, context.failure());
            return;
        }
        send(context, status(context, status));
    }

    private static Problem status(RoutingContext context, int status) {
        String title = HttpResponseStatus.valueOf(status).reasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This path does not take " + context.request().method().name();
            case 413 -> "The body is over the limit (quarkus.http.limits.max-body-size)";
            case 400 -> "The request is malformed";
            default -> title;
        };
        return Problem.of(status, "http-" + status, title, detail, PathGuard.shown(context.request().path()));
    }

    private void unexpected(RoutingContext context, Throwable failure) {
        String id = UUID.randomUUID().toString();
        String path = PathGuard.shown(context.request().path());
        ProblemMappers.logUnexpected(failure, id, path);
        send(context, ProblemMappers.internalError(id, path));
    }

    private void send(RoutingContext context, Problem problem) {
        send(context, json, problem);
    }

    /** Answers with a problem and closes the connection when the request may not have been read in full. */
    static void send(RoutingContext context, ObjectMapper json, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serializes", e);
        }
        var response = context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 413 || problem.status() == 414 || problem.status() == 431) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(body);
    }
}
