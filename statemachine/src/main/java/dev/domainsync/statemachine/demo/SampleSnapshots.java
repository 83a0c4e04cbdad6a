package dev.domainsync.statemachine.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Deterministic stack snapshots (what {@code aws cloudformation describe-stacks} prints) of one fictitious
 * account, for the demo and the workflow tests: the same arguments always give the same JSON, from a fixed seed
 * and the given {@code now}, never the wall clock.
 */
public final class SampleSnapshots {

    /** The demo's first run time; any other instant works as well. */
    public static final Instant DEMO_NOW = Instant.parse("2026-03-02T06:00:00Z");

    /** How long after the first listing {@link #second} shows the account. */
    public static final Duration BETWEEN_LISTINGS = Duration.ofDays(2);

    static final long SEED = 0x5EED_2026_0302L;

    private static final ObjectWriter WRITER = Json.mapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private SampleSnapshots() {
    }

    /**
     * About three hundred stacks as of {@code now}: customer distributions over the past year in every status
     * and with every kind of parameter the sync rules distinguish, conflicts among them, and stacks that are no
     * distribution at all (networking, pipelines, nested stacks).
     */
    public static ObjectNode first(Instant now) {
        return snapshot(FirstListing.build(SEED, now));
    }

    /**
     * The account of {@link #first} at {@code now}, which is {@link #BETWEEN_LISTINGS} after the first listing's
     * time: a dozen stacks created, a dozen updated, a few deleted or vanished, one re-created under its old
     * name, one conflict winner deleted, the in-progress stacks completed. An incremental run after a backfill
     * over {@code first(now - BETWEEN_LISTINGS)} removes well under the prune guard.
     */
    public static ObjectNode second(Instant now) {
        return snapshot(SecondListing.evolve(FirstListing.build(SEED, now.minus(BETWEEN_LISTINGS)), now));
    }

    /**
     * The account of {@link #second} with one customer more, whose distribution stack was created at {@code created}
     * (after the second listing): what the demo's third act, the event path, brings to the table at once.
     */
    public static ObjectNode third(Instant secondNow, Instant created) {
        SampleAccount account = SecondListing.evolve(FirstListing.build(SEED, secondNow.minus(BETWEEN_LISTINGS)),
                secondNow);
        SampleAccount.Customer customer = account.nextCustomer();
        account.add(account.distribution(customer, String.join(",", account.freshDomains(customer, 2)), created,
                SampleStack.Role.PLAIN));
        return snapshot(account);
    }

    /** The snapshot as the CLI prints it: four-space indents, newline line ends, keys in their set order. */
    public static String toJson(JsonNode snapshot) {
        try {
            return WRITER.writeValueAsString(snapshot) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the snapshot", e);
        }
    }

    public static void write(JsonNode snapshot, Path file) throws IOException {
        Files.writeString(file, toJson(snapshot), StandardCharsets.UTF_8);
    }

    static ObjectNode snapshot(SampleAccount account) {
        ObjectNode snapshot = JsonNodeFactory.instance.objectNode();
        ArrayNode stacks = snapshot.putArray("Stacks");
        account.listing().forEach(stack -> stacks.add(stack.toJson()));
        return snapshot;
    }
}
