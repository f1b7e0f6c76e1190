package io.liveconfig.protocol;

import java.util.regex.Pattern;

/** The grammar of a namespace name, the same for the server's API and apps' settings. */
public final class NamespaceNames {

    /** 1 to 64 of {@code a-z 0-9 . _ -}, starting with a letter or digit. */
    public static final String REGEX = "[a-z0-9][a-z0-9._-]{0,63}";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private NamespaceNames() {
    }

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }
}
