package io.liveconfig.bench.app;

import jakarta.inject.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The start-up benchmark's endpoint; both apps have this same class. Its first 200 marks "started". */
@Path("/hello")
public class HelloResource {

    @ConfigProperty(name = "greeting")
    Provider<String> greeting;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return greeting.get();
    }
}
