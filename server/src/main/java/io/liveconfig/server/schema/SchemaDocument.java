package io.liveconfig.server.schema;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The typed schema of a namespace: every change is checked against it before it is committed.
 *
 * @param rules the rules; every rule whose key matches a key applies to it
 * @param strict whether keys that no rule matches are refused
 */
public record SchemaDocument(@NotNull @Size(max = 10_000) List<@Valid @NotNull SchemaRule> rules, boolean strict) {

    public static final SchemaDocument NONE = new SchemaDocument(List.of(), false);
}
