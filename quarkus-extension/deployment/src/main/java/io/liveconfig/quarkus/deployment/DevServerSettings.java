package io.liveconfig.quarkus.deployment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the dev server is started with. Dev mode keeps the running server across reloads as long as these stay equal
 * (the record's equality): a changed seed file or namespace list starts a new one.
 *
 * @param seed the seed file's content, or null without one
 */
record DevServerSettings(Path server, List<String> namespaces, String seed, Duration startTimeout, String heap) {
}
