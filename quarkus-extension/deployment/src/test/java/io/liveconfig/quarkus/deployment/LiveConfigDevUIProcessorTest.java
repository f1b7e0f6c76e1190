package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.liveconfig.quarkus.runtime.devui.LiveConfigJsonRpcService;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;
import io.quarkus.devui.spi.page.PageBuilder;

/** The card's build items: which pages it has and which service answers them. */
class LiveConfigDevUIProcessorTest {

    private final LiveConfigDevUIProcessor processor = new LiveConfigDevUIProcessor();

    @Test
    void theCardHasTheStatusAndValuesPages() {
        CardPageBuildItem card = processor.card();
        List<Page> pages = card.getPages().stream().map(PageBuilder::build).toList();
        assertEquals(List.of("Status", "Values"), pages.stream().map(Page::getTitle).toList());
        assertEquals(List.of("qwc-liveconfig-status.js", "qwc-liveconfig-values.js"),
                pages.stream().map(Page::getComponentLink).toList());
        // The card's label is the connection state, asked of the running app.
        assertEquals("getConnectionLabel", pages.get(0).getDynamicLabel());
    }

    @Test
    void theServiceAnswersThePages() {
        assertEquals(LiveConfigJsonRpcService.class, processor.jsonRpcService().getJsonRPCMethodProviderClass());
    }
}
