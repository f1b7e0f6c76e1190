package io.liveconfig.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket to a loopback port, one connection per request ({@code Connection: close}), so that a
 * test can send what {@link java.net.http.HttpClient} refuses to: no Host header, NUL in a header, broken chunk
 * framing, unnormalised or invalid request targets. The request is written from a second thread while the answer is
 * read, so an early refusal of a large body is still seen; the whole exchange is bounded by one timeout.
 */
final class RawHttp {

    /** What came back: a status (-1 when no answer was read), lower-case header names, the body, or why none. */
    record Reply(int status, Map<String, String> headers, byte[] body, String failure) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How a {@link Reply#failure()} starts when the server did not answer in time. */
    static final String NO_ANSWER = "no answer within ";
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BODY = 32 * 1024 * 1024;

    private RawHttp() {
    }

    /** Sends the bytes of one whole request (head and body) and reads one answer within the timeout. */
    static Reply exchange(int port, byte[] request, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    // the server answered early and closed; the answer, if any, is read below
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                return read(new BufferedInputStream(socket.getInputStream()), socket, deadline);
            } finally {
                socket.close();
                writer.join(timeout.toMillis());
            }
        } catch (SocketTimeoutException e) {
            return new Reply(-1, Map.of(), new byte[0], NO_ANSWER + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Reply(-1, Map.of(), new byte[0], "connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, Map.of(), new byte[0], "interrupted");
        }
    }

    private static Reply read(InputStream in, Socket socket, long deadline) throws IOException {
        while (true) {
            String statusLine = line(in, socket, deadline);
            if (statusLine == null) {
                return new Reply(-1, Map.of(), new byte[0], "connection closed without an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                return new Reply(-1, Map.of(), new byte[0], "not an HTTP answer: " + abbreviate(statusLine));
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in, socket, deadline); header != null && !header.isEmpty(); header = line(
                    in, socket, deadline)) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and the like: the real answer follows
            }
            return new Reply(status, headers, body(in, socket, deadline, status, headers), null);
        }
    }

    private static byte[] body(InputStream in, Socket socket, long deadline, int status, Map<String, String> headers)
            throws IOException {
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line(in, socket, deadline);
                if (size == null) {
                    throw new IOException("the chunked answer ended early");
                }
                int semicolon = size.indexOf(';');
                int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (length == 0) {
                    while (true) { // trailers
                        String trailer = line(in, socket, deadline);
                        if (trailer == null || trailer.isEmpty()) {
                            return body.toByteArray();
                        }
                    }
                }
                copy(in, socket, deadline, body, length);
                line(in, socket, deadline);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            copy(in, socket, deadline, body, Integer.parseInt(length.trim()));
            return body.toByteArray();
        }
        copy(in, socket, deadline, body, MAX_BODY); // up to the close
        return body.toByteArray();
    }

    private static void copy(InputStream in, Socket socket, long deadline, ByteArrayOutputStream to, int length)
            throws IOException {
        byte[] buffer = new byte[8192];
        int left = Math.min(length, MAX_BODY);
        while (left > 0) {
            remaining(socket, deadline);
            int read = in.read(buffer, 0, Math.min(buffer.length, left));
            if (read < 0) {
                if (length == MAX_BODY) {
                    return;
                }
                throw new IOException("the answer ended " + left + " bytes early");
            }
            to.write(buffer, 0, read);
            left -= read;
        }
    }

    /** One CRLF- or LF-terminated line as ISO-8859-1, or null at the end of the stream. */
    private static String line(InputStream in, Socket socket, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        remaining(socket, deadline);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (line.size() > MAX_LINE) {
                throw new IOException("a line of the answer is longer than " + MAX_LINE);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void remaining(Socket socket, long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) left);
    }

    static String abbreviate(String text) {
        String printable = text.codePoints().mapToObj(c -> c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)
                ? String.format("\\u%04x", c)
                : Character.toString(c)).reduce(new StringBuilder(), StringBuilder::append, StringBuilder::append)
                .toString();
        return printable.length() <= 160
                ? printable
                : printable.substring(0, 120) + "...(" + text.length() + " chars)..."
                        + printable.substring(printable.length() - 30);
    }
}
