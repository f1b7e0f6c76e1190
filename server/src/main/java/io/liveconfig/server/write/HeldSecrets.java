package io.liveconfig.server.write;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.schema.Schema;

/**
 * What a new schema may do to the secret values a namespace holds. A schema that makes a held secret plain would show
 * it and publish it in clear. A schema that changes the checks of a held secret would be accepted or refused by whether
 * the hidden value passes a rule the caller chose: one guess of a pattern per request recovers the secret. Both are
 * refused unless the caller asks to drop those values in the same revision. Decided from the two schemas and which keys
 * hold a value, never from a value, so that neither the answer nor the publication depends on one.
 */
final class HeldSecrets {

    private HeldSecrets() {
    }

    /**
     * The held secret values a schema change must drop.
     *
     * @param drop whether the caller asked to drop them ({@code dropSecretValues=true})
     * @return the keys whose values the change removes, in key order; empty if it keeps every secret as it is
     * @throws Refusal {@code secret-downgrade} or {@code secret-rule-change} if there are such keys and drop is false
     */
    static List<String> toDrop(Base base, Schema proposed, boolean drop) {
        Schema current = base.schema();
        if (!current.hasSecrets()) {
            return List.of();
        }
        List<Violation> held = new ArrayList<>();
        boolean madePlain = false;
        for (String key : new TreeSet<>(base.entries().keySet())) {
            if (!current.isSecret(key)) {
                continue;
            }
            if (!proposed.isSecret(key)) {
                madePlain = true;
                held.add(new Violation(key, "secret", "holds a secret value that the new schema makes plain"));
            } else if (!current.checksAlike(key, proposed)) {
                held.add(new Violation(key, "rules",
                        "holds a secret value, and the new schema changes how its values are checked"));
            }
        }
        if (!held.isEmpty() && !drop) {
            throw madePlain
                    ? Refusal.secretDowngrade(base.namespace(), held)
                    : Refusal.secretRuleChange(base.namespace(), held);
        }
        return held.stream().map(Violation::field).toList();
    }
}
