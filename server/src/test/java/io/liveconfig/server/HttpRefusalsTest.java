package io.liveconfig.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.liveconfig.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.ext.web.Router;

/**
 * Requests as a careless or hostile client writes them, byte for byte: paths that would name another target, malformed
 * requests, and requests over the HTTP limits. Each is refused with problem details before it reaches a route.
 */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class HttpRefusalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A route that fails as no route should: deeper than the stack. Only in the tests. */
    @ApplicationScoped
    static class FailingRoute {
        void install(@Observes Router router) {
            router.get("/test-only/overflow").handler(context -> context.response().end(Integer.toString(depth(0))));
        }

        private static int depth(int n) {
            return depth(n + 1) + 1;
        }
    }

    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode problem() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @Test
    void pathTricksAreRefusedForEverybodyAndChangeNothing() {
        Api.createNamespace("path-tricks");
        Api.put("path-tricks", "a", "1").statusCode(200);
        Api.createNamespace("path-tricks-b");
        String admin = "Authorization: " + TestTokens.bearer(TestTokens.ADMIN) + "\r\n";
        for (String credentials : new String[]{"", admin}) {
            for (String target : new String[]{"/api/v1/namespaces/path-tricks/entries/..",
                    "/api/v1/namespaces/path-tricks/entries/%2e%2e", "/api/v1/namespaces/path-tricks/entries/.%2e",
                    "/api/v1/namespaces/path-tricks/entries/%2E.", "/api/v1/namespaces/path-tricks;jsessionid=1",
                    "/api/v1/namespaces/path-tricks;x", "/api/v1/namespaces/path-tricks/entries/a%2Fb",
                    "/api/v1/namespaces/path-tricks/entries/a%5Cb",
                    "/api/v1//namespaces/path-tricks", "/api/v1/namespaces/path-tricks/entries/a%00",
                    "http://localhost?/api/v1/namespaces/path-tricks/entries/..",
                    "http://localhost/api/v1/namespaces/path-tricks/entries/..",
                    "/api/v1/namespaces/path-tricks/entries/\u00e0"}) {
                Reply reply = send("DELETE " + target + " HTTP/1.1\r\nHost: localhost\r\n" + credentials
                        + "Content-Length: 0\r\n\r\n");
                assertEquals("application/problem+json", reply.headers().get("content-type"), target + ": " + reply);
                assertProblem(reply, 400, "invalid-path");
            }
            // Quarkus' own check of the target would answer an empty 400 (ServerMain turns it off: PathGuard checks).
            for (String target : new String[]{"/api/v1/namespaces/path-tricks/entries/%zz",
                    "/api/v1/namespaces/path-tricks/entries/a%", "/api/v1/namespaces?after=%zz"}) {
                assertProblem(send("DELETE " + target + " HTTP/1.1\r\nHost: localhost\r\n" + credentials
                        + "Content-Length: 0\r\n\r\n"), 400, "invalid-path");
            }
            assertProblem(send("PUT /api/v1/namespaces/path-tricks/../path-tricks-b/entries/c HTTP/1.1\r\n"
                    + "Host: localhost\r\n" + credentials + "Content-Type: application/json\r\n"
                    + "Content-Length: 13\r\n\r\n{\"value\":\"1\"}"), 400, "invalid-path");
        }
        Api.json().get("/api/v1/namespaces/path-tricks/entries").then().statusCode(200);
        Api.json().get("/api/v1/namespaces/path-tricks-b/entries/c").then().statusCode(404);
    }

    @Test
    void aKeyWithASemicolonIsNamedPercentEncoded() {
        Api.createNamespace("path-encoded");
        Reply reply = send("PUT /api/v1/namespaces/path-encoded/entries/app.%22x%3By%22 HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: " + TestTokens.bearer(TestTokens.ADMIN) + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"value\":\"1\"}");
        assertEquals(200, reply.status(), reply.toString());
        Api.json().get("/api/v1/namespaces/path-encoded/entries").then().statusCode(200)
                .body("entries.'app.\"x;y\"'", org.hamcrest.Matchers.equalTo("1"));
    }

    @Test
    void overTheRequestLineAndHeaderLimitsIsAProblem() {
        String longTarget = "/api/v1/namespaces/" + "a".repeat(5_000);
        assertProblem(send("GET " + longTarget + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414, "uri-too-long");
        String bigHeader = "X-Big: " + "b".repeat(25_000) + "\r\n";
        assertProblem(send("GET /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\n" + bigHeader + "\r\n"), 431,
                "headers-too-large");
    }

    @Test
    void aChunkedBodyOverTheLimitIsAProblem() {
        Api.createNamespace("chunked-limit");
        StringBuilder request = new StringBuilder("PUT /api/v1/namespaces/chunked-limit/entries/a HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: " + TestTokens.bearer(TestTokens.ADMIN) + "\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "x".repeat(64 * 1024);
        for (int i = 0; i < 20; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");
        assertProblem(send(request.toString()), 413, "http-413");
        // Under the limit, a chunked body is taken.
        assertEquals(200, send("PUT /api/v1/namespaces/chunked-limit/entries/a HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + TestTokens.bearer(TestTokens.ADMIN) + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nd\r\n{\"value\":\"1\"}\r\n0\r\n\r\n").status());
    }

    @Test
    void refusalsOfTheHttpLayerAreProblems() {
        String admin = "Authorization: " + TestTokens.bearer(TestTokens.ADMIN) + "\r\n";
        assertProblem(send("GET /nothing-here HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404, null);
        assertProblem(send("GET /api/v1/nothing-here HTTP/1.1\r\nHost: localhost\r\n" + admin + "\r\n"), 404, null);
        assertProblem(send("GET /api/v1/namespaces HTTP/1.1\r\n\r\n"), 400, null);
        assertProblem(send("PATCH /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\n" + admin
                + "Content-Length: 0\r\n\r\n"), 405, null);
        assertProblem(send("GET /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\n" + admin
                + "Accept: text/html\r\n\r\n"), 406, null);
        assertProblem(send("POST /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\n" + admin
                + "Content-Type: text/plain\r\nContent-Length: 1\r\n\r\nx"), 415, null);
    }

    @Test
    void malformedHeadersAndTargetsAreProblemsToo() {
        // Netty and Quarkus would answer these with an empty 400; the server checks them first (ServerMain).
        for (String request : new String[]{"GET /api/v1/namespaces/a\\b HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0000b\r\n\r\n",
                "GET /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \u001b[31m\r\n\r\n",
                "GET /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\nX A: b\r\n\r\n"}) {
            Reply reply = send(request);
            assertEquals(400, reply.status(), request + ": " + reply);
            assertEquals("application/problem+json", reply.headers().get("content-type"), request + ": " + reply);
        }
    }

    @Test
    void framingNettyCannotReadClosesTheConnection() {
        // What Netty's HTTP codec cannot frame is answered by Vert.x before any route (HttpProblems says why): an
        // invalid chunk size, conflicting Content-Length headers, a request line over 16 times the limit.
        for (String request : new String[]{
                "POST /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"}) {
            Reply reply = send(request);
            assertTrue(reply.status() >= 400 || reply.status() == -1, reply.toString());
        }
    }

    @Test
    void anUnexpectedErrorIsAProblemLoggedInAFewLines() {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("io.liveconfig.server");
        logger.addHandler(capture);
        try {
            Reply reply = send("GET /test-only/overflow HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertProblem(reply, 500, "internal-error");
        } finally {
            logger.removeHandler(capture);
        }
        synchronized (records) {
            List<LogRecord> errors = records.stream().filter(r -> r.getLevel().intValue() >= 900).toList();
            assertEquals(1, errors.size(), "one line logged: " + errors);
            LogRecord error = errors.get(0);
            assertEquals(null, error.getThrown(), "no stack trace at ERROR");
            String text = new org.jboss.logmanager.formatters.PatternFormatter("%s").format(error);
            assertTrue(text.lines().count() <= 14 && text.length() < 4_000, text);
            assertTrue(text.contains("StackOverflowError"), text);
        }
    }

    private static void assertProblem(Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply.toString());
        assertTrue(reply.headers().getOrDefault("content-type", "").startsWith("application/problem+json"),
                reply.toString());
        JsonNode problem = reply.problem();
        assertEquals(status, problem.path("status").asInt(), reply.toString());
        if (type != null) {
            assertEquals("urn:liveconfig:problem:" + type, problem.path("type").asText(), reply.toString());
        }
    }

    /** Writes the bytes as they are (ISO-8859-1) and reads one response, or what came before the server closed. */
    private static Reply send(String request) {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may close before it has read everything: read what it answered
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                bytes.write(buffer, 0, n);
                Reply reply = parse(bytes.toString(StandardCharsets.ISO_8859_1), false);
                if (reply != null) {
                    return reply;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // fall through with what arrived
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        Reply reply = parse(text, true);
        return reply != null ? reply : new Reply(-1, Map.of(), text);
    }

    /** The response if it is complete (a Content-Length body or a chunked one), or null. */
    private static Reply parse(String text, boolean closed) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String rest = text.substring(end + 4);
        if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            return rest.length() >= length ? new Reply(status, headers, rest.substring(0, length)) : null;
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = rest.indexOf("\r\n", at);
                if (eol < 0) {
                    return null;
                }
                int size = Integer.parseInt(rest.substring(at, eol).trim(), 16);
                if (size == 0) {
                    return new Reply(status, headers, body.toString());
                }
                if (rest.length() < eol + 2 + size + 2) {
                    return null;
                }
                body.append(rest, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
        }
        return closed ? new Reply(status, headers, rest) : null;
    }
}
