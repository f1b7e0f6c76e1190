package io.liveconfig.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.TestKeys;
import io.liveconfig.testing.TestMember;
import io.quarkus.test.QuarkusUnitTest;

/** With Micrometer in the app, the source's state is in {@code /q/metrics}. */
class MetricsTest {

    static final TestMember MEMBER = TestMember.shared();

    static {
        MEMBER.publish(Snapshot.of("metered", 4, Map.of("a", "1")));
    }

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.liveconfig.namespaces", "metered")
            .overrideConfigKey("quarkus.liveconfig.cluster-name", MEMBER.clusterName())
            .overrideConfigKey("quarkus.liveconfig.addresses", MEMBER.address())
            .overrideConfigKey("quarkus.liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY);

    @AfterAll
    static void stopMember() {
        MEMBER.close();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void theSourcesStateIsScraped() throws InterruptedException {
        Await.until(Duration.ofSeconds(5), () -> metrics().contains("liveconfig_revision{namespace=\"metered\"} 4.0"),
                "revision 4 in /q/metrics");
        String metrics = metrics();
        for (String line : new String[]{"liveconfig_epoch{namespace=\"metered\"} 0.0",
                "liveconfig_last_contact_age_seconds 0.0", "liveconfig_resync_catchups_total ",
                "liveconfig_revisions_rejected_total 0.0", "liveconfig_publications_untrusted_total 0.0",
                "liveconfig_change_events_total{outcome=\"delivered\"}",
                "liveconfig_change_events_total{outcome=\"failed\"} 0.0"}) {
            org.hamcrest.MatcherAssert.assertThat(metrics, containsString(line));
        }
        MEMBER.publish(Snapshot.of("metered", 5, Map.of("a", "2")));
        Await.until(Duration.ofSeconds(5), () -> metrics().contains("liveconfig_revision{namespace=\"metered\"} 5.0"),
                "revision 5 in /q/metrics");
        given().get("/q/metrics").then().body(containsString("liveconfig_revision{namespace=\"metered\"} 5.0"));
    }
}
