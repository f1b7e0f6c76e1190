package io.liveconfig.server.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.management.BadAttributeValueExpException;

import org.junit.jupiter.api.Test;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.impl.MemberImpl;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.internal.cluster.impl.ClusterStateChange;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.PartitionMigratingException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.spi.exception.WrongTargetException;
import com.hazelcast.version.MemberVersion;

import io.liveconfig.testing.Tripwire;

/**
 * The member's Java serialization filter: what members send each other passes (the exceptions of failed operations,
 * which {@code ErrorResponse} Java-serializes), and nothing else does. Through Hazelcast's own serialization service
 * with the member's settings, as a member reads what arrives.
 */
class MemberConfigTest {

    private static final SerializationService FILTERED = new DefaultSerializationServiceBuilder()
            .setConfig(
                    new SerializationConfig().setJavaSerializationFilterConfig(MemberConfig.javaSerializationFilter()))
            .build();

    /** An exception, as members send, of a class no member sends, carrying a gadget. */
    static final class Carrier extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Tripwire payload = new Tripwire();
    }

    @Test
    void readsTheExceptionsMembersSendEachOther() throws UnknownHostException {
        IllegalStateException suppressing = new IllegalStateException("outer", new IOException("cause"));
        suppressing.addSuppressed(new TimeoutException("suppressed"));
        MemberImpl left = new MemberImpl.Builder(new Address("127.0.0.1", 5710)).uuid(UUID.randomUUID())
                .version(MemberVersion.of(5, 7, 0)).build();
        List<Throwable> sent = List.of(suppressing, new MemberLeftException(left),
                new WrongTargetException(left, null, 3, 0, "op"),
                new PartitionMigratingException(left.getAddress(), 3, "op", "service"),
                new TargetNotMemberException("gone"), new HazelcastInstanceNotActiveException(),
                new OperationTimeoutException("slow"), new ExecutionException(new NullPointerException("npe")),
                new UnsupportedOperationException("no"));
        for (Throwable exception : sent) {
            Throwable read = FILTERED.toObject(FILTERED.toData(exception));
            assertEquals(exception.getClass(), read.getClass());
            assertEquals(exception.getMessage(), read.getMessage());
            assertEquals(exception.getStackTrace().length, read.getStackTrace().length);
        }
        Throwable read = FILTERED.toObject(FILTERED.toData(suppressing));
        assertInstanceOf(IOException.class, read.getCause());
        assertInstanceOf(TimeoutException.class, read.getSuppressed()[0]);
        assertEquals(left.getUuid(), ((MemberLeftException) FILTERED.toObject(FILTERED.toData(
                new MemberLeftException(left)))).getMember().getUuid());
        // A cluster-wide state change (such as a cluster shutdown) carries the state Java-serialized.
        ClusterStateChange<?> change = FILTERED
                .toObject(FILTERED.toData(new ClusterStateChange<>(ClusterState.PASSIVE)));
        assertEquals(ClusterState.PASSIVE, change.getNewState());
    }

    @Test
    void refusesEveryOtherJavaSerializedClass() {
        SerializationService unfiltered = new DefaultSerializationServiceBuilder().build();
        // Collections' singletons have no serializer of Hazelcast's own: they travel Java-serialized.
        List<Object> refused = List.of(new Tripwire(), Collections.singletonList(new HashSet<>()),
                Collections.singletonList(new HashMap<>()), new BadAttributeValueExpException("gadget"),
                Collections.singletonList(new Tripwire()), new Carrier());
        for (Object value : refused) {
            HazelcastSerializationException e = assertThrows(HazelcastSerializationException.class,
                    () -> FILTERED.toObject(unfiltered.toData(value)), value.getClass().getName());
            assertTrue(e.getMessage().contains("is not allowed"), e.getMessage());
        }
        assertFalse(Tripwire.tripped, "Tripwire.readObject ran");
    }
}
