package io.liveconfig.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated hostile request, as bytes on the wire: the request line, headers and body exactly as given (nothing is
 * normalised or escaped), with the body declared by Content-Length, sent chunked, or framed by the caller.
 */
final class Hostile {

    /** How the body is framed. */
    enum Framing {
        /** Content-Length, or no header at all for an empty body. */
        DECLARED,
        /** Transfer-Encoding: chunked, in chunks of 64 kB. */
        CHUNKED,
        /** The caller's own headers and bytes, such as broken chunks. */
        RAW
    }

    final String kind;
    final String operation;
    final String method;
    final String target;
    final List<String> headers = new ArrayList<>();
    byte[] body = new byte[0];
    Framing framing = Framing.DECLARED;
    boolean host = true;
    /** A correct server refuses this request (4xx) whatever the state of the scratch namespaces. */
    boolean mustRefuse;
    /**
     * Framing Netty's HTTP codec cannot read (a bad chunk size, Content-Length with chunked): it never reaches the
     * server's routes, so it is refused by closing the connection, after an empty 400 when the headers were read.
     */
    boolean unframed;
    String note = "";

    Hostile(String kind, String operation, String method, String target) {
        this.kind = kind;
        this.operation = operation;
        this.method = method;
        this.target = target;
    }

    Hostile header(String name, String value) {
        headers.add(name + ": " + value);
        return this;
    }

    Hostile json(String text) {
        return body("application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    Hostile body(String contentType, byte[] bytes) {
        if (contentType != null) {
            header("Content-Type", contentType);
        }
        body = bytes;
        return this;
    }

    Hostile refused(boolean value) {
        mustRefuse = value;
        return this;
    }

    Hostile unframed() {
        unframed = true;
        mustRefuse = true;
        return this;
    }

    Hostile note(String text) {
        note = text;
        return this;
    }

    byte[] bytes(int port) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (host) {
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        head.append("Connection: close\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        if (framing == Framing.CHUNKED) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (framing == Framing.DECLARED && body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (framing == Framing.CHUNKED) {
            for (int at = 0; at < body.length; at += 65_536) {
                int length = Math.min(65_536, body.length - at);
                out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, length);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** The request in one line for the report: method, target, the start of the body. */
    String describe() {
        String start = new String(body, 0, Math.min(body.length, 100), StandardCharsets.UTF_8);
        return RawHttp.abbreviate(method + " " + target) + (body.length == 0
                ? ""
                : " body(" + body.length + " B" + (framing == Framing.DECLARED ? "" : ", " + framing) + ")="
                        + RawHttp.abbreviate(start))
                + (note.isEmpty() ? "" : " [" + note + "]");
    }
}
