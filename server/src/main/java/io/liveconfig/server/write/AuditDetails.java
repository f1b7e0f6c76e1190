package io.liveconfig.server.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.store.RevisionStore.KeyChange;

/** The detail of a change's audit event: what was done, secret values masked. */
final class AuditDetails {

    /** Keys listed with their values in an event, more are only counted: ten 64 KiB values fit its 1 MiB row. */
    private static final int AUDITED_KEYS = 10;
    /** Keys named as dropped secret values, more are only counted: a thousand keys of 256 characters take 256 KiB. */
    private static final int AUDITED_DROPS = 1_000;

    private AuditDetails() {
    }

    /**
     * Of a change: its note, the keys it set (values masked if secret) and removed, a new schema, and the keys whose
     * secret values that schema dropped.
     */
    static Map<String, Object> of(Plan plan, Evaluation outcome) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (plan.note() != null) {
            detail.put("note", plan.note());
        }
        Map<String, String> puts = new TreeMap<>();
        List<String> deletes = new ArrayList<>();
        int putCount = 0;
        for (KeyChange change : outcome.changes()) {
            if (change.newValue() == null) {
                if (deletes.size() < AUDITED_KEYS) {
                    deletes.add(change.key());
                }
            } else if (putCount++ < AUDITED_KEYS) {
                puts.put(change.key(), outcome.schema().isSecret(change.key()) ? Schema.MASK : change.newValue());
            }
        }
        detail.put("put", puts);
        detail.put("delete", deletes);
        int deleteCount = outcome.changes().size() - putCount;
        if (putCount > puts.size() || deleteCount > deletes.size()) {
            // A large import would not fit the audit row; the revision's history holds every change.
            detail.put("putCount", putCount);
            detail.put("deleteCount", deleteCount);
            detail.put("truncated", true);
        }
        plan.schema().ifPresent(schema -> detail.put("schema", schema));
        List<String> dropped = outcome.dropped();
        if (!dropped.isEmpty()) {
            // The keys only: a secret value is never audited.
            detail.put("droppedSecretValues", dropped.subList(0, Math.min(dropped.size(), AUDITED_DROPS)));
            if (dropped.size() > AUDITED_DROPS) {
                detail.put("droppedSecretValueCount", dropped.size());
                detail.put("truncated", true);
            }
        }
        return detail;
    }
}
