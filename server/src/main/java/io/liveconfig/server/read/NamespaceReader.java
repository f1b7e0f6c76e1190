package io.liveconfig.server.read;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.schema.Schemas;
import io.liveconfig.server.store.NamespaceStore;
import io.liveconfig.server.store.NamespaceSummary;
import io.liveconfig.server.store.Transactions;

/** Reads of namespaces as committed, for answers: never a write, never the cluster. */
@ApplicationScoped
public class NamespaceReader {

    private final NamespaceStore store;
    private final Schemas schemas;

    NamespaceReader(NamespaceStore store, Schemas schemas) {
        this.store = store;
        this.schemas = schemas;
    }

    /**
     * A live namespace's content and schema at one revision.
     *
     * @param entries every entry, unmodifiable, secrets in clear: mask them before answering
     */
    public record Content(String namespace, long revision, Map<String, String> entries, Schema schema) {

        /** The entries with secret values masked, by key. */
        public TreeMap<String, String> maskedEntries() {
            TreeMap<String, String> masked = new TreeMap<>(entries);
            masked.replaceAll((key, value) -> schema.isSecret(key) ? Schema.MASK : value);
            return masked;
        }
    }

    /** Every live namespace, by name. */
    public List<NamespaceSummary> list() {
        return Transactions.read(() -> store.summaries(Optional.empty()));
    }

    /** The names of every live namespace, sorted; cheaper than {@link #list()}, which counts their entries. */
    public List<String> names() {
        return Transactions.read(store::liveNames);
    }

    /** At most {@code limit} live namespaces after a name, by name. */
    public List<NamespaceSummary> listAfter(String after, int limit) {
        return Transactions.read(() -> store.summariesAfter(after, limit));
    }

    /** @throws Refusal if there is no such live namespace */
    public NamespaceSummary summary(String name) {
        return Transactions.read(() -> store.summaries(Optional.of(name))).stream()
                .findFirst()
                .orElseThrow(() -> Refusal.namespaceNotFound(name));
    }

    /**
     * The live namespace exactly as committed at its current revision, with its schema.
     *
     * @throws Refusal if there is no such live namespace
     */
    public Content current(String name) {
        NamespaceStore.Current current = Transactions.read(() -> store.current(name))
                .filter(c -> !c.row().deleted())
                .orElseThrow(() -> Refusal.namespaceNotFound(name));
        return new Content(name, current.row().revision(), current.entries(),
                schemas.stored(name, current.row().schemaJson()));
    }

    /**
     * The current schema of a namespace, deleted or not (history stays readable after a delete).
     *
     * @throws Refusal if the namespace never existed
     */
    public Schema schema(String name) {
        return Transactions.read(() -> store.find(name)).map(row -> schemas.stored(name, row.schemaJson()))
                .orElseThrow(() -> Refusal.namespaceNotFound(name));
    }

    /** Whether the value of a key is secret under its namespace's current schema; false for an unknown namespace. */
    public boolean isSecret(String namespace, String key) {
        return Transactions.read(() -> store.find(namespace))
                .map(row -> schemas.stored(namespace, row.schemaJson()).isSecret(key))
                .orElse(false);
    }
}
