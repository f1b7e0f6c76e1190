package io.liveconfig.server.signing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.TrustedKeys;
import io.liveconfig.server.config.KeyFile;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.core.ServerMessages;
import io.liveconfig.server.store.AuditStore;
import io.liveconfig.server.store.SigningKeyStore;
import io.liveconfig.server.store.SigningKeyStore.State;
import io.liveconfig.server.store.Transactions;
import io.quarkus.runtime.StartupEvent;

/**
 * The Ed25519 keys the server signs every publication with, kept in the database so that every server member of one
 * deployment signs with keys the apps trust. The first start of a store creates the first key, active at once.
 * <p>
 * Rotation, in the order that never leaves an app refusing: {@link #create} a next key, which signs nothing; give its
 * public key to the apps; {@link #activate} it (the key it replaces stays valid as previous, and repairs publish every
 * namespace again with the new key); {@link #retire} the previous key once the apps hold values signed by the new one.
 * Other members see a rotation at their next repair ({@link #refresh}).
 */
@ApplicationScoped
public class SigningKeys {

    private final SigningKeyStore store;
    private final AuditStore audit;
    private final Transactions transactions;
    private final ServerConfig config;
    /** Decrypted signers by key id: a key's private half is decrypted once. */
    private final Map<String, PublicationSigner> signers = new ConcurrentHashMap<>();
    private volatile Keys keys;

    /** What is loaded from the database, replaced whole. */
    private record Keys(List<SigningKeyStore.Row> rows, PublicationSigner active, TrustedKeys trust) {
    }

    SigningKeys(SigningKeyStore store, AuditStore audit, Transactions transactions, ServerConfig config) {
        this.store = store;
        this.audit = audit;
        this.transactions = transactions;
        this.config = config;
    }

    /** Right after the store opened, before anything is published. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent start) {
        Keys loaded = keys();
        ServerLog.LOG.signingWith(loaded.active().keyId(), loaded.active().publicKeyText());
    }

    /** The active key, which signs every publication. */
    public PublicationSigner signer() {
        return keys().active();
    }

    /** Every key this deployment has (next, active, previous): what the server accepts its own publications from. */
    public TrustedKeys trust() {
        return keys().trust();
    }

    /** Every key, oldest first. */
    public List<SigningKeyStore.Row> list() {
        return keys().rows();
    }

    /** Reads the keys again: another member may have rotated them. */
    public void refresh() {
        load();
    }

    /**
     * Creates the next key, which signs nothing until it is activated.
     *
     * @throws Refusal if a next key waits already
     */
    public SigningKeyStore.Row create(Provenance who) {
        PublicationSigner signer = PublicationSigner.generate();
        transactions.inNew(() -> {
            if (store.all().stream().anyMatch(row -> row.state() == State.NEXT)) {
                throw Refusal.signingKeyState("A next key waits already: activate or retire it first");
            }
            insert(signer, State.NEXT);
            audit.record(who, "signing-key-created", null, null, Map.of("key", signer.keyId()));
            return null;
        });
        ServerLog.LOG.signingKeyCreated(signer.keyId(), signer.publicKeyText());
        return find(load(), signer.keyId());
    }

    /**
     * Makes the next key the active one; the active key becomes previous. The caller has checked that apps trust it.
     *
     * @throws Refusal if there is no such key or it is not the next one
     */
    public SigningKeyStore.Row activate(String id, Provenance who) {
        transactions.inNew(() -> {
            List<SigningKeyStore.Row> rows = store.all();
            SigningKeyStore.Row key = find(rows, id);
            if (key.state() != State.NEXT) {
                throw Refusal.signingKeyState("Key '" + id + "' is " + key.state().name().toLowerCase() + "; only "
                        + "the next key can be activated");
            }
            String active = rows.stream().filter(row -> row.state() == State.ACTIVE).findFirst().orElseThrow().id();
            if (!store.activate(id, active)) {
                throw Refusal.signingKeyState("The keys changed meanwhile; read them again");
            }
            audit.record(who, "signing-key-activated", null, null, Map.of("key", id, "previous", active));
            return null;
        });
        Keys loaded = load();
        ServerLog.LOG.signingWith(loaded.active().keyId(), loaded.active().publicKeyText());
        return find(loaded.rows(), id);
    }

    /**
     * Deletes a next or previous key: publications signed with it are no longer the server's.
     *
     * @throws Refusal if there is no such key or it is the active one
     */
    public void retire(String id, Provenance who) {
        transactions.inNew(() -> {
            SigningKeyStore.Row key = find(store.all(), id);
            if (key.state() == State.ACTIVE || !store.delete(id)) {
                throw Refusal.signingKeyState("Key '" + id + "' is the active key; activate another one first");
            }
            audit.record(who, "signing-key-retired", null, null, Map.of("key", id));
            return null;
        });
        signers.remove(id);
        load();
    }

    private Keys keys() {
        Keys current = keys;
        return current != null ? current : load();
    }

    /** Reads the keys, creating the first one in an empty store. */
    private synchronized Keys load() {
        List<SigningKeyStore.Row> rows = Transactions.read(store::all);
        KeyEncryption encryption = encryption(rows.isEmpty());
        if (rows.isEmpty()) {
            rows = createFirst(encryption);
        }
        List<PublicationSigner> all = new ArrayList<>();
        PublicationSigner active = null;
        for (SigningKeyStore.Row row : rows) {
            PublicationSigner signer = signers.computeIfAbsent(row.id(), id -> decrypt(encryption, row));
            all.add(signer);
            if (row.state() == State.ACTIVE) {
                active = signer;
            }
        }
        if (active == null) {
            throw new IllegalStateException("The database has signing keys but none is active");
        }
        Keys loaded = new Keys(List.copyOf(rows), active,
                TrustedKeys.ofKeys(all.stream().map(PublicationSigner::publicKey).toList()));
        keys = loaded;
        return loaded;
    }

    /** Another member may create it at the same time: the primary key lets one win, and the other reads it. */
    private List<SigningKeyStore.Row> createFirst(KeyEncryption encryption) {
        PublicationSigner first = PublicationSigner.generate();
        try {
            transactions.inNew(() -> {
                if (store.all().isEmpty()) {
                    insertWith(encryption, first, State.ACTIVE);
                    audit.record(Provenance.SERVER, "signing-key-created", null, null, Map.of("key",
                            first.keyId()));
                }
                return null;
            });
        } catch (RuntimeException e) {
            // lost the race against another member; its key is read below
        }
        List<SigningKeyStore.Row> rows = Transactions.read(store::all);
        if (rows.stream().anyMatch(row -> row.id().equals(first.keyId()))) {
            ServerLog.LOG.signingKeyCreated(first.keyId(), first.publicKeyText());
        }
        return rows;
    }

    private void insert(PublicationSigner signer, State state) throws SQLException {
        insertWith(encryption(false), signer, state);
    }

    private void insertWith(KeyEncryption encryption, PublicationSigner signer, State state) throws SQLException {
        store.insert(signer.keyId(), signer.publicKeyText(), encryption.encrypt(signer.privateKey().getEncoded()),
                state);
    }

    private KeyEncryption encryption(boolean mayCreate) {
        try {
            Optional<String> configured = KeyFile.resolve(KeyEncryption.SETTING, config.signing().keyEncryptionKey(),
                    config.signing().keyEncryptionKeyFile());
            String source = config.signing().keyEncryptionKeyFile().map(Path::toString).orElse(KeyEncryption.SETTING);
            return KeyEncryption.of(configured, source, Path.of(config.dataDir()), mayCreate);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the key-encryption key: " + e, e);
        }
    }

    private static PublicationSigner decrypt(KeyEncryption encryption, SigningKeyStore.Row row) {
        try {
            return PublicationSigner.of(encryption.decrypt(row.privateKey()), row.publicKey());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw ServerMessages.MESSAGES.signingKeysUnreadable(encryption.source(), e);
        }
    }

    private static SigningKeyStore.Row find(List<SigningKeyStore.Row> rows, String id) {
        return rows.stream().filter(row -> row.id().equals(id)).findFirst()
                .orElseThrow(() -> Refusal.signingKeyNotFound(id));
    }

    private static SigningKeyStore.Row find(Keys keys, String id) {
        return find(keys.rows(), id);
    }
}
