package io.liveconfig.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.liveconfig.testing.ServerProcess;

/** The REST calls the harnesses make, which fail the run unless the server answers as expected. */
final class Rest {

    private static final HttpClient HTTP = client();

    private Rest() {
    }

    /** A keep-alive HTTP/1.1 client, one per writer thread so that writers do not share a connection. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Sends a request to the server and fails unless the status is the expected one. */
    static HttpResponse<String> expect(ServerProcess server, int status, String method, String path, String json) {
        return expect(HTTP, server.request(method, path, json), status);
    }

    static HttpResponse<String> expect(HttpClient http, HttpRequest request, int status) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != status) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ", expected " + status + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void createNamespace(ServerProcess server, String name) {
        expect(server, 201, "POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}");
    }

    /** PUT of one entry: the body of a single-key write. */
    static String entryBody(String value) {
        return "{\"value\":\"" + value + "\"}";
    }

    static String entryPath(String namespace, String key) {
        return "/api/v1/namespaces/" + namespace + "/entries/" + key;
    }
}
