package dev.domainsync.statemachine.report;

import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.registry.AppliedStack;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.RunStatus;
import dev.domainsync.run.StagedCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What one execution of the workflow did, read from its history alone: the state visits with their
 * attempts and Map iterations, and the run's payloads (RunContext, RunReport, the stacks' extracts) as the
 * steps returned them. Every payload is optional: a failed or foreign history may lack any of them.
 */
public record ExecutionTrail(
        Optional<String> executionArn,
        ExecutionStatus status,
        Instant startTime,
        Optional<Instant> endTime,
        Instant lastEventTime,
        String executionInput,
        Optional<ExecutionError> error,
        List<StateVisit> visits,
        List<TracedEvent> events,
        Optional<RunContext> runContext,
        Optional<RunReport> runReport,
        Optional<RunFailure> runFailure,
        Optional<StagedCounts> stagedCounts,
        List<StackExtract> extracts,
        List<String> deletedStackIds,
        Optional<AppliedStack> appliedStack) {

    public ExecutionTrail {
        visits = List.copyOf(visits);
        events = List.copyOf(events);
        extracts = List.copyOf(extracts);
        deletedStackIds = List.copyOf(deletedStackIds);
    }

    /** The last part of the ARN, as the console titles an execution; empty when no step recorded the ARN. */
    public Optional<String> executionName() {
        return executionArn.map(arn -> arn.substring(arn.lastIndexOf(':') + 1));
    }

    /** Start to end, or to the last event while the execution is still running. */
    public Duration duration() {
        return Duration.between(startTime, endTime.orElse(lastEventTime));
    }

    public Instant endOrLastEvent() {
        return endTime.orElse(lastEventTime);
    }

    public boolean dryRun() {
        return runContext.map(RunContext::dryRun).orElse(false)
                || runReport.map(report -> report.dryRun() || report.status() == RunStatus.DRY_RUN).orElse(false);
    }

    /** Every visit, top level and inside Map iterations, in the order the states were entered. */
    public List<StateVisit> allVisits() {
        return flatten(visits);
    }

    static List<StateVisit> flatten(List<StateVisit> visits) {
        List<StateVisit> all = new ArrayList<>();
        collect(visits, all);
        all.sort(Comparator.comparingLong(StateVisit::enteredEventId));
        return all;
    }

    /** The first visit whose failure a Catch handled: where the run went wrong. */
    public Optional<StateVisit> caughtVisit() {
        return visits.stream().filter(visit -> visit.outcome() == Outcome.CAUGHT).findFirst();
    }

    private static void collect(List<StateVisit> visits, List<StateVisit> into) {
        for (StateVisit visit : visits) {
            into.add(visit);
            for (MapIteration iteration : visit.iterations()) {
                collect(iteration.visits(), into);
            }
        }
    }
}
