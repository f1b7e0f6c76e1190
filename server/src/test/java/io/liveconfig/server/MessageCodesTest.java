package io.liveconfig.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Message codes mean one thing forever: across the whole project each is declared once, in its module's range
 * ({@code message-ranges.txt}), and explained in {@code docs/messages.md}; no code is written as a literal outside the
 * message interfaces. Read from the sources, since the message annotations do not survive compilation.
 */
class MessageCodesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern DECLARED = Pattern.compile("@Message\\(id = (\\d+)");
    private static final Pattern RANGE = Pattern.compile("^(\\d{4})-(\\d{4})\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern DOCUMENTED = Pattern.compile("`LIVECONFIG-(\\d{4})`");

    /** Each declared id with the module that declares it. */
    private static Map<Integer, String> declared() {
        Map<Integer, String> ids = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        for (Path source : mainSources()) {
            Matcher id = DECLARED.matcher(read(source));
            while (id.find()) {
                String module = ROOT.relativize(source).getName(0).toString();
                if (ids.put(Integer.parseInt(id.group(1)), module) != null) {
                    twice.add(id.group(1));
                }
            }
        }
        assertTrue(twice.isEmpty(), "declared twice: " + twice);
        return ids;
    }

    @Test
    void everyCodeLiesInItsModulesRange() {
        Matcher range = RANGE.matcher(read(ROOT.resolve("message-ranges.txt")));
        Map<Integer, String> owner = new TreeMap<>();
        while (range.find()) {
            for (int id = Integer.parseInt(range.group(1)); id <= Integer.parseInt(range.group(2)); id++) {
                owner.put(id, range.group(3));
            }
        }
        Map<Integer, String> declared = declared();
        assertTrue(declared.size() > 20, "the sources were found: " + declared);
        declared.forEach((id, module) -> assertEquals(owner.get(id), module, "the owner of id " + id));
    }

    @Test
    void everyCodeIsDocumentedAndNothingElse() {
        Matcher code = DOCUMENTED.matcher(read(ROOT.resolve("docs/messages.md")));
        TreeSet<Integer> documented = new TreeSet<>();
        while (code.find()) {
            documented.add(Integer.parseInt(code.group(1)));
        }
        TreeSet<Integer> reserved = new TreeSet<>(List.of(101, 108));
        TreeSet<Integer> expected = new TreeSet<>(declared().keySet());
        expected.addAll(reserved);
        assertEquals(expected, documented);
    }

    @Test
    void noCodeIsWrittenByHand() {
        List<String> literals = new ArrayList<>();
        for (Path source : mainSources()) {
            String text = read(source);
            if (!text.contains("@MessageLogger") && !text.contains("@MessageBundle")
                    && Pattern.compile("\"LIVECONFIG-\\d").matcher(text).find()) {
                literals.add(ROOT.relativize(source).toString());
            }
        }
        assertEquals(List.of(), literals);
    }

    private static List<Path> mainSources() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> ROOT.relativize(file).toString().contains("/src/main/java/"))
                    .filter(file -> !file.toString().contains("/target/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
