package dev.domainsync.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 in front of a test database, for "the database went away" tests: it can refuse the
 * next connections (the client sees its connection attempt fail), drop every open one (a transaction in
 * flight fails with an I/O error), or drop the connection that sends a given statement, mid-transaction.
 */
public final class DatabaseProxy implements AutoCloseable {

    private final TestDatabase target;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionsToRefuse = new AtomicInteger();
    private final AtomicInteger connectionsRefused = new AtomicInteger();
    private final AtomicReference<String> dropOnStatement = new AtomicReference<>();
    private final AtomicInteger statementsDropped = new AtomicInteger();

    private DatabaseProxy(TestDatabase target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
    }

    static DatabaseProxy start(TestDatabase target) {
        try {
            DatabaseProxy proxy = new DatabaseProxy(target, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            daemon("database-proxy-accept", proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the database proxy", e);
        }
    }

    /** A database reached through this proxy. */
    public Database database() {
        return new Database(jdbcUrl(), TestDatabases.SCHEMA);
    }

    public String jdbcUrl() {
        return TestDatabases.jdbcUrl(listener.getLocalPort(), target.name());
    }

    /** Closes the next {@code connections} connection attempts as soon as they arrive. */
    public void refuseNext(int connections) {
        connectionsToRefuse.set(connections);
    }

    /** How many connection attempts were refused so far. */
    public int refused() {
        return connectionsRefused.get();
    }

    /** Closes every open connection through the proxy, both ways. */
    public void dropConnections() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    /**
     * Drops the next connection that sends a statement containing {@code sqlFragment}, before the server sees that
     * statement: the client's transaction fails with an I/O error in the middle, and the server rolls it back.
     * Fires once.
     */
    public void dropWhenStatementContains(String sqlFragment) {
        dropOnStatement.set(sqlFragment);
    }

    /** How many connections {@link #dropWhenStatementContains} dropped so far. */
    public int statementsDropped() {
        return statementsDropped.get();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        dropConnections();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (connectionsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    connectionsRefused.incrementAndGet();
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), TestDatabases.port());
                sockets.add(client);
                sockets.add(server);
                daemon("database-proxy-up", () -> pump(client, server, true));
                daemon("database-proxy-down", () -> pump(server, client, false));
            } catch (IOException e) {
                // The listener was closed: the proxy is done.
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        // The end of the previous chunk, so that a statement split across two reads is still recognised.
        String tail = "";
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (fromClient) {
                    String seen = tail + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                    String fragment = dropOnStatement.get();
                    if (fragment != null && seen.contains(fragment) && dropOnStatement.compareAndSet(fragment, null)) {
                        statementsDropped.incrementAndGet();
                        return;
                    }
                    tail = seen.substring(Math.max(0, seen.length() - 1024));
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // A dropped or closed connection ends the pump.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing an already closed socket: nothing to do.
        }
    }
}
