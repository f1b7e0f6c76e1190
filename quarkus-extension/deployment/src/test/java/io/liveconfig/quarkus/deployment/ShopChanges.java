package io.liveconfig.quarkus.deployment;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.liveconfig.source.ConfigChange;
import io.liveconfig.source.cdi.Namespace;

/** An app bean that observes the changes of one namespace. */
@ApplicationScoped
public class ShopChanges {

    final List<ConfigChange> seen = new CopyOnWriteArrayList<>();

    void onShopChange(@Observes @Namespace("shop") ConfigChange change) {
        seen.add(change);
    }

    List<ConfigChange> seen() {
        return seen;
    }
}
