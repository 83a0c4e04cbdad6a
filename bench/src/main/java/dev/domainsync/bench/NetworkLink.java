package dev.domainsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback between a client and PostgreSQL that holds everything the client sends for a fixed delay
 * before passing it on, so each round trip through it costs that much more, as a database across a network does.
 * The answers flow back at once. Bench only: it stands for the network between a Lambda function and its database,
 * which loopback does not have.
 */
final class NetworkLink implements AutoCloseable {

    private static final byte[] CLOSED = new byte[0];

    private final ServerSocket server;
    private final int targetPort;
    private final long delayNanos;

    private NetworkLink(ServerSocket server, int targetPort, Duration roundTrip) {
        this.server = server;
        this.targetPort = targetPort;
        this.delayNanos = roundTrip.toNanos();
    }

    /** Listens on a free loopback port and relays each connection to {@code targetPort} on loopback. */
    static NetworkLink to(int targetPort, Duration roundTrip) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            NetworkLink link = new NetworkLink(server, targetPort, roundTrip);
            daemon("network-link-accept", link::accept);
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the bench's network link: " + e.getMessage(), e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                BlockingQueue<Delayed> inFlight = new LinkedBlockingQueue<>();
                daemon("network-link-send", () -> receive(client, inFlight));
                daemon("network-link-deliver", () -> deliver(inFlight, upstream, client));
                daemon("network-link-answer", () -> copy(upstream, client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException("the bench's network link failed: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Reads what the client sends and queues it, stamped with when it may arrive. */
    private void receive(Socket client, BlockingQueue<Delayed> inFlight) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                inFlight.add(new Delayed(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
            }
        } catch (IOException e) {
            // The client went away; the deliverer closes both ends.
        }
        inFlight.add(new Delayed(System.nanoTime(), CLOSED));
    }

    private static void deliver(BlockingQueue<Delayed> inFlight, Socket upstream, Socket client) {
        try (upstream; client; OutputStream out = upstream.getOutputStream()) {
            while (true) {
                Delayed chunk = inFlight.take();
                if (chunk.bytes() == CLOSED) {
                    return;
                }
                long wait;
                while ((wait = chunk.due() - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed: the connection is over.
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side closed: the connection is over.
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Delayed(long due, byte[] bytes) {
    }
}
