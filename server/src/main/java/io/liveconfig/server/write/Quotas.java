package io.liveconfig.server.write;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.RevisionKind;

/**
 * The quotas of {@code liveconfig.limits}, checked in the write path so that every route meets them: the request's size
 * before anything else is checked, the namespace's size once the write's effect is known. A namespace already above a
 * quota that was lowered may still shrink: only a write that grows it past the quota is refused.
 */
@ApplicationScoped
class Quotas {

    private final ServerConfig.Limits limits;

    Quotas(ServerConfig config) {
        this.limits = config.limits();
    }

    /**
     * Refuses with 413 a change set or import that changes too many keys, or a value too long. A rollback is not a
     * request's size: it brings back content that fitted, and meets the namespace's quotas.
     */
    void checkRequest(RevisionKind kind, Plan plan) {
        long changes = (long) plan.puts().size() + plan.deletes().size();
        if (kind != RevisionKind.ROLLBACK && changes > limits.changesPerChangeSet()) {
            throw Refusal.limitExceeded(Refusal.Reason.TOO_LARGE, "changes-per-change-set",
                    limits.changesPerChangeSet(), changes, "changes", null);
        }
        for (Map.Entry<String, String> put : plan.puts().entrySet()) {
            String value = put.getValue();
            // Cheap first: a value takes at least one UTF-8 byte per char, at most three.
            if ((long) value.length() * 3 > limits.bytesPerValue()) {
                long bytes = utf8Length(value);
                if (bytes > limits.bytesPerValue()) {
                    throw Refusal.limitExceeded(Refusal.Reason.TOO_LARGE, "bytes-per-value", limits.bytesPerValue(),
                            bytes, "bytes", put.getKey());
                }
            }
        }
    }

    /** Refuses with 422 a write that would take the namespace past its quota of keys or bytes. */
    void checkResult(Base base, Map<String, String> content) {
        if (content.size() > limits.keysPerNamespace() && content.size() > base.entries().size()) {
            throw Refusal.limitExceeded(Refusal.Reason.UNPROCESSABLE, "keys-per-namespace",
                    limits.keysPerNamespace(), content.size(), "keys", null);
        }
        long chars = chars(content);
        if (chars * 3 <= limits.bytesPerNamespace()) {
            return; // far enough below, whatever the characters: no need to count bytes
        }
        long bytes = bytes(content);
        if (bytes > limits.bytesPerNamespace() && bytes > bytes(base.entries())) {
            throw Refusal.limitExceeded(Refusal.Reason.UNPROCESSABLE, "bytes-per-namespace",
                    limits.bytesPerNamespace(), bytes, "bytes of keys and values", null);
        }
    }

    /** Refuses with 422 the creation of a namespace beyond the server's quota. */
    void checkNamespaces(long live) {
        if (live >= limits.namespacesPerServer()) {
            throw Refusal.limitExceeded(Refusal.Reason.UNPROCESSABLE, "namespaces-per-server",
                    limits.namespacesPerServer(), live + 1, "namespaces", null);
        }
    }

    private static long chars(Map<String, String> entries) {
        long chars = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            chars += entry.getKey().length() + entry.getValue().length();
        }
        return chars;
    }

    private static long bytes(Map<String, String> entries) {
        long bytes = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
        }
        return bytes;
    }

    /** The length of text in UTF-8; a surrogate pair is one 4-byte character (lone ones are refused earlier). */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
