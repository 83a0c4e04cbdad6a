package dev.domainsync.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SnapStart's hook on every handler: the collaborators it reaches are primed once, and priming never fails init. */
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
