package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.TestTokens;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import io.smallrye.certs.PemCertificateFiles;
import io.smallrye.certs.ca.CaGenerator;

/**
 * The REST API over HTTPS only, set up with nothing but Quarkus' TLS registry settings: a certificate for
 * {@code localhost} and {@code 127.0.0.1} as PEM files, signed by a CA generated here, and the plain HTTP port off. One
 * server for the class.
 */
class TlsTest {

    private static final String PASSWORD = "tls-test";

    private static Path certificates;
    private static X509Certificate ca;
    private static HttpClient trustingTheCa;
    private static ServerProcess server;

    @BeforeAll
    static void startServerWithTls() throws Exception {
        certificates = TempDirectories.create("liveconfig-tls");
        Path caKeyStore = certificates.resolve("ca.p12");
        ca = new CaGenerator(certificates.resolve("ca.crt").toFile(), certificates.resolve("ca.key").toFile(),
                caKeyStore.toFile(), PASSWORD).generate("LiveConfig test CA", null, null, null, null, null);
        KeyStore caKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(caKeyStore)) {
            caKeys.load(in, PASSWORD.toCharArray());
        }
        PrivateKey caKey = (PrivateKey) caKeys.getKey(CaGenerator.KEYSTORE_KEY_ENTRY, PASSWORD.toCharArray());
        PemCertificateFiles pem = (PemCertificateFiles) new CertificateGenerator(certificates, true)
                .generate(new CertificateRequest().withName("server").withCN("localhost")
                        .withSubjectAlternativeName("DNS:localhost").withSubjectAlternativeName("IP:127.0.0.1")
                        .withFormat(Format.PEM).signedWith(ca, caKey))
                .get(0);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        trustingTheCa = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(2)).build();

        server = ServerProcess.builder(Path.of(System.getProperty("liveconfig.server.app-dir")))
                .clusterName("tls-test-" + UUID.randomUUID()).https(context)
                .jvmOptions(List.of("-Dquarkus.tls.key-store.pem.0.cert=" + pem.certFile(),
                        "-Dquarkus.tls.key-store.pem.0.key=" + pem.keyFile(),
                        "-Dquarkus.http.insecure-requests=disabled"))
                .start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        if (certificates != null) {
            TempDirectories.delete(certificates);
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesReadinessAndTheOpenApiDocumentOverHttpsWithTheGeneratedCertificate() throws Exception {
        HttpResponse<String> ready = get(trustingTheCa, server.httpsUrl() + "/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        X509Certificate presented = (X509Certificate) ready.sslSession().orElseThrow().getPeerCertificates()[0];
        assertEquals(ca.getSubjectX500Principal(), presented.getIssuerX500Principal());

        HttpResponse<String> openApi = get(trustingTheCa, server.httpsUrl() + "/q/openapi");
        assertEquals(200, openApi.statusCode());
        assertTrue(openApi.body().contains("LiveConfig API"), openApi.body());
    }

    @Test
    void answersTheApiOverHttpsToATokenOnly() throws Exception {
        assertEquals(401, get(trustingTheCa, server.httpsUrl() + "/api/v1/namespaces").statusCode());
        HttpResponse<String> withToken = trustingTheCa.send(HttpRequest.newBuilder(URI.create(server.httpsUrl()
                + "/api/v1/namespaces")).header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withToken.statusCode(), withToken.body());
    }

    @Test
    void aClientThatDoesNotTrustTheCaFailsTheHandshake() {
        HttpClient jdkTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThrows(SSLHandshakeException.class, () -> get(jdkTrust, server.httpsUrl() + "/q/health/ready"));
    }

    @Test
    void servesNoPlainHttp() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // The HTTP port is not opened at all.
        assertThrows(ConnectException.class, () -> get(plain, server.url() + "/q/health/ready"));
        // And the HTTPS port gives no HTTP answer to a plain request.
        String plainToHttpsPort = server.httpsUrl().replaceFirst("^https:", "http:") + "/q/health/ready";
        assertThrows(IOException.class, () -> get(plain, plainToHttpsPort));
    }

    @Test
    void allowsNoOtherOrigin() throws Exception {
        HttpResponse<String> crossOrigin = trustingTheCa.send(HttpRequest
                .newBuilder(URI.create(server.httpsUrl() + "/q/openapi")).header("Origin", "https://elsewhere.example")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        // CORS is off (Quarkus' quarkus.http.cors.enabled defaults to false): no header lets a browser page of another
        // origin read the answer.
        assertTrue(crossOrigin.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                crossOrigin.headers().map().toString());
    }
}
