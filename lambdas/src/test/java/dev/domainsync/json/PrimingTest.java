package dev.domainsync.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SnapStart's hook on every handler: its rehearsal request is served inside a rehearsal, the collaborators it reaches
 * are primed once, and priming never fails init.
 */
class PrimingTest {

    record Item(String name, Instant at) {
    }

    record Request(List<Item> items) {
    }

    static final class Counting implements Primeable {
        int primed;

        @Override
        public void prime() {
            primed++;
        }
    }

    static final class Failing implements Primeable {
        @Override
        public void prime() {
            throw new IllegalStateException("database unreachable at publish time");
        }
    }

    /** A collaborator that is not primeable itself but holds one, as ParameterReader holds the catalog. */
    record Holder(Primeable inner) {
    }

    static final class Step extends JsonHandler<Request, Request> {
        private final Primeable direct;
        private final Holder holder;

        Step(Primeable direct, Holder holder) {
            super(Request.class);
            this.direct = direct;
            this.holder = holder;
        }

        @Override
        protected Request handle(Request input, Context context) {
            return input;
        }
    }

    /** A step that rehearses one request and records how it was served. */
    static final class Rehearsing extends JsonHandler<Request, Request> {
        final List<Request> served = new ArrayList<>();
        final List<Boolean> inRehearsal = new ArrayList<>();
        final AtomicInteger resourcesClosed = new AtomicInteger();
        private final boolean fail;

        Rehearsing(boolean fail) {
            super(Request.class);
            this.fail = fail;
        }

        @Override
        protected Optional<Request> rehearsalRequest() {
            return Optional.of(new Request(List.of(new Item("rehearsed", Instant.EPOCH))));
        }

        @Override
        protected Request handle(Request input, Context context) {
            served.add(input);
            inRehearsal.add(Rehearsal.current().isPresent());
            Rehearsal.current().ifPresent(rehearsal -> rehearsal.resource(this, () -> resourcesClosed::incrementAndGet));
            if (fail) {
                throw new IllegalStateException("the made-up stack may not be read");
            }
            return input;
        }
    }

    @Test
    void beforeCheckpoint_servesTheRehearsalRequestOnceInsideARehearsalAndClosesWhatJoinedIt() {
        Rehearsing step = new Rehearsing(false);

        step.beforeCheckpoint(null);

        assertThat(step.served).containsExactly(new Request(List.of(new Item("rehearsed", Instant.EPOCH))));
        assertThat(step.inRehearsal).containsExactly(true);
        assertThat(step.resourcesClosed).hasValue(1);
        assertThat(Rehearsal.current()).isEmpty();
    }

    @Test
    void beforeCheckpoint_rehearsalFails_initGoesOnAndTheRealRequestIsNoRehearsal() throws Exception {
        Rehearsing step = new Rehearsing(true);

        step.beforeCheckpoint(null);

        assertThat(step.resourcesClosed).hasValue(1);
        assertThatThrownBy(() -> step.handleRequest(new ByteArrayInputStream("{\"items\":[]}"
                .getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(step.inRehearsal).containsExactly(true, false);
    }

    @Test
    void beforeCheckpoint_primesEveryCollaboratorItHoldsOrReachesThroughOneOther() {
        Counting direct = new Counting();
        Counting nested = new Counting();

        new Step(direct, new Holder(nested)).beforeCheckpoint(null);

        assertThat(direct.primed).isEqualTo(1);
        assertThat(nested.primed).isEqualTo(1);
    }

    @Test
    void beforeCheckpoint_collaboratorFails_initGoesOnAndTheHandlerStillServes() throws Exception {
        Step step = new Step(new Failing(), new Holder(new Counting()));

        step.beforeCheckpoint(null);

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        step.handleRequest(new ByteArrayInputStream("{\"items\":[{\"name\":\"a\",\"at\":\"2026-01-01T00:00:00Z\"}]}"
                .getBytes(StandardCharsets.UTF_8)), output, null);
        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"items\":[{\"name\":\"a\",\"at\":\"2026-01-01T00:00:00Z\"}]}");
    }
}
