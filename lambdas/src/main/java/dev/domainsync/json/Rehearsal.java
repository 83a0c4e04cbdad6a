package dev.domainsync.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scope of a priming request (see {@link Priming}): while a handler serves it on this thread, whatever a
 * collaborator opens that could outlast the request joins the rehearsal and is undone when it ends. The database
 * joins with one connection for every transaction of the rehearsal, over empty temporary copies of its tables,
 * rolled back and closed at the end; nothing a reader sees changes and no connection survives into the snapshot.
 */
public final class Rehearsal {

    private static final Logger LOG = LoggerFactory.getLogger(Rehearsal.class);
    private static final ThreadLocal<Rehearsal> CURRENT = new ThreadLocal<>();

    /** Opens the resource an owner keeps for the rest of the rehearsal. */
    @FunctionalInterface
    public interface Opener<R extends AutoCloseable, E extends Exception> {
        R open() throws E;
    }

    private final Map<Object, AutoCloseable> resources = new IdentityHashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    private Rehearsal() {
    }

    /** The rehearsal running on this thread; empty while a real request is served. */
    public static Optional<Rehearsal> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** {@code owner}'s resource in this rehearsal: opened by {@code opener} on first use, closed when it ends. */
    @SuppressWarnings("unchecked")
    public <R extends AutoCloseable, E extends Exception> R resource(Object owner, Opener<R, E> opener) throws E {
        AutoCloseable existing = resources.get(owner);
        if (existing != null) {
            return (R) existing;
        }
        R resource = opener.open();
        resources.put(owner, resource);
        opened.add(resource);
        return resource;
    }

    /** Runs {@code work} as a rehearsal, then undoes and closes whatever joined it, last opened first. */
    public static <T> T run(Supplier<T> work) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a rehearsal is already running on this thread");
        }
        Rehearsal rehearsal = new Rehearsal();
        CURRENT.set(rehearsal);
        try {
            return work.get();
        } finally {
            CURRENT.remove();
            List<AutoCloseable> closing = new ArrayList<>(rehearsal.opened);
            Collections.reverse(closing);
            for (AutoCloseable resource : closing) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} after the priming rehearsal failed: {}", resource, e.toString());
                }
            }
        }
    }
}
