package io.liveconfig.server.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.ServerLog;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What a web page in the user's browser must not do with the API, checked before anything else sees a request:
 * <ul>
 * <li>reach a server on loopback under a name of its own (DNS rebinding): the {@code Host} must be one the server
 * answers to (421 otherwise);</li>
 * <li>change anything from another site: a request that may change state and says it comes from another origin
 * ({@code Origin}, or {@code Sec-Fetch-Site: cross-site|same-site}) is refused (403) unless CORS allows that
 * origin.</li>
 * </ul>
 * Writes need a bearer token in a header anyway, which no browser sends by itself; this also keeps a later console's
 * session, if it had one, from being ridden.
 */
@ApplicationScoped
public class BrowserGuard {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Optional<Set<String>> allowedHosts;
    private final Set<String> corsOrigins;
    private final ObjectMapper json;
    private final AccessRefusals refusals;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    BrowserGuard(ServerConfig config, @ConfigProperty(name = "quarkus.http.host") String httpHost,
            @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> corsOrigins, ObjectMapper json,
            AccessRefusals refusals) {
        this.allowedHosts = config.api().allowedHosts()
                .map(hosts -> hosts.stream().map(BrowserGuard::normalized).collect(Collectors.toSet()))
                .or(() -> isLoopback(httpHost) ? Optional.of(LOOPBACK_NAMES) : Optional.empty());
        this.corsOrigins = Set.copyOf(corsOrigins.orElse(List.of()));
        this.json = json;
        this.refusals = refusals;
    }

    void install(@Observes Router router) {
        router.route().order(-10_000).handler(this::check);
    }

    private void check(RoutingContext context) {
        // The authority: the Host header in HTTP/1.1, :authority in HTTP/2.
        HostAndPort authority = context.request().authority();
        String name = authority == null ? null : normalized(authority.host());
        if (allowedHosts.isPresent() && (name == null || !allowedHosts.get().contains(name))) {
            String shown = authority == null
                    ? null
                    : authority.host() + (authority.port() < 0 ? "" : ":" + authority.port());
            long now = System.nanoTime();
            long last = lastLogged.get();
            if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
                ServerLog.LOG.foreignHost(context.request().method().name(), context.request().path(), shown,
                        allowedHosts.get().toString());
            }
            refuse(context, 421, "host-not-allowed", "Misdirected request", "This server does not answer to the "
                    + "name '" + name + "': use one of " + allowedHosts.get() + " (liveconfig.api.allowed-hosts)");
            return;
        }
        if (!SAFE.contains(context.request().method()) && isCrossSite(context, authority)) {
            refuse(context, 403, "cross-site-request", "Cross-site request", "Requests that may change state are "
                    + "not taken from another site's page");
            return;
        }
        context.next();
    }

    private boolean isCrossSite(RoutingContext context, HostAndPort authority) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && corsOrigins.contains(origin)) {
            return false;
        }
        String site = context.request().getHeader("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site)) {
            return true;
        }
        if (origin == null) {
            return false; // not a browser, or a browser's same-origin request
        }
        return authority == null || !sameOrigin(origin, context.request().scheme(), authority);
    }

    /** Whether an Origin ({@code scheme://host[:port]}) names the server as the request reached it. */
    private static boolean sameOrigin(String origin, String scheme, HostAndPort authority) {
        try {
            URI uri = new URI(origin);
            int defaultPort = "https".equals(uri.getScheme()) ? 443 : 80;
            int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
            int serverPort = authority.port() < 0 ? ("https".equals(scheme) ? 443 : 80) : authority.port();
            return uri.getScheme() != null && uri.getScheme().equals(scheme) && uri.getHost() != null
                    && uri.getHost().equalsIgnoreCase(authority.host()) && originPort == serverPort;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void refuse(RoutingContext context, int status, String type, String title, String detail) {
        refusals.refused(status, context.request().method().name(), context.request().path(), "anonymous",
                context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress());
        Problem problem = Problem.of(status, type, title, detail, context.request().path());
        try {
            context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }

    /** A host name as compared: lower case, an IPv6 address without its brackets. */
    private static String normalized(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
