package io.liveconfig.server.transfer;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.liveconfig.server.core.Violation;
import io.liveconfig.server.transfer.TransferFormat.FileContent;

/**
 * Reads a {@code .properties} file with {@link Properties#load}, refusing a key given twice (which {@link Properties}
 * would silently resolve to the last). The line of each key is found by loading each logical line on its own: the
 * library still decides what a key is, this class only where logical lines start.
 */
final class PropertiesFile {

    private PropertiesFile() {
    }

    static FileContent read(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, List<Integer>> lines = lines(text);
        Properties properties = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                String name = (String) key;
                if (entries.putIfAbsent(name, (String) value) != null) {
                    List<Integer> at = lines.getOrDefault(name, List.of());
                    String where = at.size() < 2 ? "" : ": lines " + at.get(0) + " and " + at.get(1);
                    throw TransferFormat.malformed("'" + name + "' is given twice" + where,
                            List.of(new Violation(name, "is given twice" + where)));
                }
                return super.put(key, value);
            }
        };
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading from a string", e);
        } catch (IllegalArgumentException e) {
            // A malformed \\uxxxx escape; the message quotes no more than the escape.
            throw TransferFormat.malformed(e.getMessage(), List.of());
        }
        Map<String, Integer> first = new HashMap<>();
        lines.forEach((key, at) -> first.put(key, at.get(0)));
        return new FileContent(entries, first);
    }

    /**
     * The lines (from 1) each key is given on. A logical line starts at a physical line that is neither blank, nor a
     * comment, nor continued from the line before (ending in an odd number of backslashes), as
     * {@link Properties#load(java.io.Reader)} defines it.
     */
    private static Map<String, List<Integer>> lines(String text) {
        Map<String, List<Integer>> lines = new HashMap<>();
        String[] physical = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i];
            int at = 0;
            while (at < line.length()
                    && (line.charAt(at) == ' ' || line.charAt(at) == '\t' || line.charAt(at) == '\f')) {
                at++;
            }
            if (at == line.length() || line.charAt(at) == '#' || line.charAt(at) == '!') {
                continue;
            }
            int start = i + 1;
            StringBuilder logical = new StringBuilder(line);
            while (continues(physical[i]) && i + 1 < physical.length) {
                logical.append('\n').append(physical[++i]);
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                continue; // loading the whole file reports it
            }
            for (String key : one.stringPropertyNames()) {
                lines.computeIfAbsent(key, k -> new ArrayList<>()).add(start);
            }
        }
        return lines;
    }

    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
