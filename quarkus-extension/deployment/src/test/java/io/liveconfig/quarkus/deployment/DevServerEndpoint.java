package io.liveconfig.quarkus.deployment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import io.vertx.ext.web.Router;

/** Says which dev server the app uses, and what it read from it; the dev mode test edits the marker and reloads. */
@ApplicationScoped
public class DevServerEndpoint {

    void routes(@Observes Router router, Config config) {
        router.get("/dev-server").handler(request -> request.response().end("v1 "
                + config.getValue("quarkus.liveconfig.server-url", String.class) + " "
                + config.getValue("greeting", String.class)));
    }
}
