package io.liveconfig.server.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.liveconfig.server.core.Text;
import io.liveconfig.server.core.Violation;

/**
 * A schema document made ready to check values: globs and patterns compiled, bounds converted. Immutable.
 */
public final class Schema {

    public static final Schema NONE = new Schema(SchemaDocument.NONE, List.of());

    /** What every answer shows instead of a secret value. */
    public static final String MASK = "******";

    /** Key globs and value patterns run on RE2/J: linear in the length of what they match, whatever the pattern. */
    private record CompiledRule(SchemaRule rule, Pattern key, Object min, Object max, ValuePattern pattern) {

        boolean matches(String key) {
            return this.key.matcher(key).matches();
        }
    }

    private final SchemaDocument document;
    private final List<CompiledRule> rules;

    private Schema(SchemaDocument document, List<CompiledRule> rules) {
        this.document = document;
        this.rules = rules;
    }

    /**
     * How a rule's pattern matches a whole value: on RE2/J; a stored pattern outside RE2 (set before this version) on
     * java.util.regex as when it was set, within the check timeout all the same (the value is read through the
     * deadline) and refusing a value it cannot match without overflowing the stack.
     */
    private interface ValuePattern {
        boolean matches(CharSequence value);
    }

    /**
     * Compiles a document a write proposes, checking that its rules make sense.
     *
     * @return the schema, or the problems of the document as violations naming {@code rules[i].field}
     */
    public static Schema compile(SchemaDocument document, List<Violation> problems) {
        return compile(document, problems, null);
    }

    /**
     * Compiles a document the database holds. What this version refuses in a new schema but an earlier one took (a
     * pattern outside RE2, a rule key that is no property name, a bound that is not a finite number) still checks as it
     * did, and is listed in {@code outdated}.
     */
    public static Schema compileStored(SchemaDocument document, List<Violation> problems, List<Violation> outdated) {
        return compile(document, problems, outdated);
    }

    private static Schema compile(SchemaDocument document, List<Violation> problems, List<Violation> outdated) {
        List<Violation> refusedWhenNew = outdated == null ? problems : outdated;
        List<CompiledRule> compiled = new ArrayList<>();
        for (int i = 0; i < document.rules().size(); i++) {
            SchemaRule rule = document.rules().get(i);
            String at = "rules[" + i + "].";
            Object min = bound(rule, rule.min(), at + "min", problems, refusedWhenNew);
            Object max = bound(rule, rule.max(), at + "max", problems, refusedWhenNew);
            if (min != null && max != null && rule.type().compare(min, max) > 0) {
                problems.add(new Violation(at + "min", "must not be above max"));
            }
            if (rule.minLength() != null && rule.maxLength() != null && rule.minLength() > rule.maxLength()) {
                problems.add(new Violation(at + "minLength", "must not be above maxLength"));
            }
            ValuePattern pattern = null;
            if (rule.pattern() != null) {
                pattern = pattern(rule.pattern(), at + "pattern", problems, outdated);
            }
            if (!Text.isPropertyName(rule.key().replace('*', 'a').replace('?', 'a'))) {
                refusedWhenNew.add(new Violation(at + "key", "must be a property name, or a glob of one with * and ?"));
            }
            if (rule.type() == ValueType.ENUM && (rule.values() == null || rule.values().isEmpty())) {
                problems.add(new Violation(at + "values", "an enum needs its allowed values"));
            }
            if (rule.type() != ValueType.ENUM && rule.values() != null) {
                problems.add(new Violation(at + "values", "only an enum has allowed values"));
            }
            if (rule.required() && rule.isGlob()) {
                problems.add(new Violation(at + "required", "only an exact key can be required"));
            }
            compiled.add(new CompiledRule(rule, glob(rule.key()), min, max, pattern));
        }
        return new Schema(document, List.copyOf(compiled));
    }

    public SchemaDocument document() {
        return document;
    }

    /** Whether any rule marks values secret. */
    public boolean hasSecrets() {
        return rules.stream().anyMatch(rule -> rule.rule().secret());
    }

    /** Whether the value of a key is secret, so it is never shown or published in clear. */
    public boolean isSecret(String key) {
        for (CompiledRule rule : rules) {
            if (rule.rule().secret() && rule.matches(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a value of a key passes this schema's checks exactly when it passes the other's: the same checks of
     * values match the key (type, bounds, lengths, pattern, allowed values), or no rule matches it in either and both
     * are equally strict. What does not look at a value (key glob, required, secret, restartRequired, description) and
     * the order of rules do not count.
     */
    public boolean checksAlike(String key, Schema other) {
        Set<ValueChecks> checks = valueChecks(key);
        Set<ValueChecks> others = other.valueChecks(key);
        return checks.equals(others) && (!checks.isEmpty() || document.strict() == other.document.strict());
    }

    /** What one rule checks of a value, as written. */
    private record ValueChecks(ValueType type, String min, String max, Integer minLength, Integer maxLength,
            String pattern, List<String> values) {

        ValueChecks(SchemaRule rule) {
            this(rule.type(), rule.min(), rule.max(), rule.minLength(), rule.maxLength(), rule.pattern(),
                    rule.values());
        }
    }

    private Set<ValueChecks> valueChecks(String key) {
        Set<ValueChecks> checks = new HashSet<>();
        for (CompiledRule rule : rules) {
            if (rule.matches(key)) {
                checks.add(new ValueChecks(rule.rule()));
            }
        }
        return checks;
    }

    /**
     * Checks the content a change would leave, for the keys it touched, and that required keys remain.
     *
     * @param content every key/value pair after the change
     * @param touched the keys the change set or removed
     * @param deadline when the checks must be done by
     * @return one violation per broken rule, naming the key and the rule; never quoting a value
     * @throws io.liveconfig.server.core.Refusal once the deadline has passed
     */
    public List<Violation> check(Map<String, String> content, Collection<String> touched, Deadline deadline) {
        List<Violation> violations = new ArrayList<>();
        for (String key : touched) {
            String value = content.get(key);
            if (value != null) {
                deadline.check();
                checkValue(key, value, deadline, violations);
            }
        }
        for (CompiledRule rule : rules) {
            if (rule.rule().required() && !content.containsKey(rule.rule().key())) {
                violations.add(new Violation(rule.rule().key(), "required", "is required"));
            }
        }
        return violations;
    }

    private void checkValue(String key, String value, Deadline deadline, List<Violation> violations) {
        boolean matched = false;
        for (CompiledRule compiled : rules) {
            if (!compiled.matches(key)) {
                continue;
            }
            matched = true;
            SchemaRule rule = compiled.rule();
            Object converted;
            try {
                converted = rule.type().convert(value);
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(key, "type", e.getMessage()));
                continue;
            }
            if (compiled.min() != null && rule.type().compare(converted, compiled.min()) < 0) {
                violations.add(new Violation(key, "min", "must be at least " + rule.min()));
            }
            if (compiled.max() != null && rule.type().compare(converted, compiled.max()) > 0) {
                violations.add(new Violation(key, "max", "must be at most " + rule.max()));
            }
            if (rule.minLength() != null && value.length() < rule.minLength()) {
                violations.add(new Violation(key, "minLength", "must be at least " + rule.minLength() + " characters"));
            }
            if (rule.maxLength() != null && value.length() > rule.maxLength()) {
                violations.add(new Violation(key, "maxLength", "must be at most " + rule.maxLength() + " characters"));
            }
            if (compiled.pattern() != null && !compiled.pattern().matches(deadline.watch(value))) {
                violations.add(new Violation(key, "pattern", "must match " + rule.pattern()));
            }
            if (rule.type() == ValueType.ENUM && !rule.values().contains(value)) {
                violations.add(new Violation(key, "values", "must be one of " + rule.values()));
            }
        }
        if (!matched && document.strict()) {
            violations.add(new Violation(key, "strict", "is not declared in the schema of this namespace"));
        }
    }

    /** RE2 syntax: no backreferences or lookaround, so that matching is linear in the value's length. */
    private static ValuePattern pattern(String regex, String field, List<Violation> problems,
            List<Violation> outdated) {
        Violation refused;
        if (Repetitions.product(regex) > Repetitions.MAX) {
            refused = new Violation(field, "nests counted repetitions whose counts multiply to more than "
                    + Repetitions.MAX);
        } else {
            try {
                Pattern re2 = Pattern.compile(regex);
                return value -> re2.matcher(value).matches();
            } catch (PatternSyntaxException e) {
                refused = new Violation(field, "is not a valid RE2 regular expression: " + e.getDescription());
            }
        }
        if (outdated == null) {
            problems.add(refused);
            return null;
        }
        outdated.add(refused);
        try {
            java.util.regex.Pattern legacy = java.util.regex.Pattern.compile(regex);
            return value -> {
                try {
                    return legacy.matcher(value).matches();
                } catch (StackOverflowError e) {
                    return false;
                }
            };
        } catch (java.util.regex.PatternSyntaxException e) {
            problems.add(new Violation(field, "is not a valid regular expression: " + e.getDescription()));
            return null;
        }
    }

    private static Object bound(SchemaRule rule, String bound, String field, List<Violation> problems,
            List<Violation> refusedWhenNew) {
        if (bound == null) {
            return null;
        }
        if (!rule.type().isOrdered()) {
            problems.add(new Violation(field, "applies only to int, long, double and duration"));
            return null;
        }
        try {
            Object converted = rule.type().convert(bound);
            if (converted instanceof Double number && !Double.isFinite(number)) {
                refusedWhenNew.add(new Violation(field, "must be a finite number"));
                return refusedWhenNew == problems ? null : converted;
            }
            return converted;
        } catch (IllegalArgumentException e) {
            problems.add(new Violation(field, e.getMessage()));
            return null;
        }
    }

    /** A glob where {@code *} is any run of characters and {@code ?} one character; nothing else is special. */
    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
