package io.liveconfig.server.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.core.Violation;

/** Schemas as the database stores them (JSON documents) and as changes are checked against them (compiled). */
@ApplicationScoped
public class Schemas {

    private final ObjectMapper json;
    /** Namespaces whose stored schema was reported outdated since the start: once each. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    Schemas(ObjectMapper json) {
        this.json = json;
    }

    /** The compiled schema stored as JSON with a namespace, {@link Schema#NONE} for none. */
    public Schema stored(String namespace, String schemaJson) {
        if (schemaJson == null) {
            return Schema.NONE;
        }
        try {
            List<Violation> problems = new ArrayList<>();
            List<Violation> outdated = new ArrayList<>();
            Schema schema = Schema.compileStored(json.readValue(schemaJson, SchemaDocument.class), problems,
                    outdated);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Stored schema of '" + namespace + "' is invalid: " + problems);
            }
            if (!outdated.isEmpty() && warned.add(namespace)) {
                ServerLog.LOG.outdatedSchema(namespace, outdated.toString());
            }
            return schema;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored schema of '" + namespace + "' is unreadable", e);
        }
    }

    /**
     * A schema a write proposes, compiled.
     *
     * @throws Refusal listing each invalid rule
     */
    public Schema proposed(SchemaDocument document) {
        List<Violation> problems = new ArrayList<>();
        Schema schema = Schema.compile(document, problems);
        if (!problems.isEmpty()) {
            throw Refusal.invalid("The schema is not valid", problems);
        }
        return schema;
    }

    /** The JSON the database stores for a schema. */
    public String toJson(SchemaDocument document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A schema document always serializes", e);
        }
    }
}
