package io.liveconfig.testing;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * A Java-serializable stand-in for a gadget: whether Java deserialization ever ran on one in this JVM shows in
 * {@link #tripped}. Tests that serialization filters refuse it put it where strangers would.
 */
public final class Tripwire implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Set once an instance was deserialized in this JVM. */
    public static volatile boolean tripped;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        tripped = true;
    }
}
