package io.liveconfig.it;

import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.source.LiveConfigSource;

/** A small app that uses LiveConfig as any service would: injected live values and plain config lookups. */
@Path("/config")
public class ConfigResource {

    @ConfigProperty(name = "greeting")
    Provider<String> greeting;

    @Inject
    Config config;

    @GET
    @Path("greeting")
    @Produces(MediaType.TEXT_PLAIN)
    public String greeting() {
        return greeting.get();
    }

    @GET
    @Path("values/{key}")
    @Produces(MediaType.TEXT_PLAIN)
    public String value(@PathParam("key") String key) {
        return config.getOptionalValue(key, String.class).orElseThrow(NotFoundException::new);
    }

    /** Which config source the value of a key comes from. */
    @GET
    @Path("sources/{key}")
    @Produces(MediaType.TEXT_PLAIN)
    public String source(@PathParam("key") String key) {
        return config.getConfigValue(key).getSourceName();
    }

    /** Every value of a namespace from one snapshot, as the app holds it. */
    @GET
    @Path("snapshots/{namespace}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> snapshot(@PathParam("namespace") String namespace) {
        Snapshot snapshot = liveConfig().flatMap(source -> source.snapshot(namespace))
                .orElseThrow(NotFoundException::new);
        return Map.of("revision", snapshot.revision(), "entries", snapshot.entries());
    }

    private Optional<LiveConfigSource> liveConfig() {
        for (var source : config.getConfigSources()) {
            if (source instanceof LiveConfigSource live) {
                return Optional.of(live);
            }
        }
        return Optional.empty();
    }
}
