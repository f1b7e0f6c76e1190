package io.liveconfig.quarkus.deployment;

import io.liveconfig.quarkus.runtime.devui.LiveConfigJsonRpcService;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The Dev UI card, in dev mode only: the connection state, namespaces and applied revisions, rejections and the server
 * on one page, and the values with where each comes from on another. Both read the running app through
 * {@link LiveConfigJsonRpcService}.
 */
class LiveConfigDevUIProcessor {

    @BuildStep(onlyIf = IsDevelopment.class)
    CardPageBuildItem card() {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder()
                .title("Status")
                .icon("font-awesome-solid:tower-broadcast")
                .componentLink("qwc-liveconfig-status.js")
                .dynamicLabelJsonRPCMethodName("getConnectionLabel"));
        card.addPage(Page.webComponentPageBuilder()
                .title("Values")
                .icon("font-awesome-solid:list")
                .componentLink("qwc-liveconfig-values.js"));
        return card;
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    JsonRPCProvidersBuildItem jsonRpcService() {
        return new JsonRPCProvidersBuildItem(LiveConfigJsonRpcService.class);
    }
}
