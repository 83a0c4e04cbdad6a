package dev.domainsync.statemachine.report;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an execution did, as the graph shows it: per state its visits, retries, Map iterations and worst outcome,
 * and which transitions it took (the start pill and the end pill included).
 */
final class GraphStats {

    /** The graph's start pill, as a transition's source. */
    static final String START = "\u0000start";
    /** The graph's end pill, as a transition's target. */
    static final String END = "\u0000end";

    /** What the execution did in one state, over all its visits. */
    record StateStats(int visits, int retries, int iterations, Outcome outcome) {
        static final StateStats NONE = new StateStats(0, 0, 0, Outcome.NOT_VISITED);
    }

    private final Map<String, StateStats> states;
    private final Set<String> taken;

    private GraphStats(Map<String, StateStats> states, Set<String> taken) {
        this.states = states;
        this.taken = taken;
    }

    /** The stats of {@code trail}; a state on the {@code failurePath} counts as failed whenever it was visited. */
    static GraphStats of(ExecutionTrail trail, Set<String> failurePath) {
        return new GraphStats(statesOf(trail, failurePath), takenTransitions(trail));
    }

    StateStats of(String state) {
        return states.getOrDefault(state, StateStats.NONE);
    }

    boolean taken(String from, String to) {
        return taken.contains(key(from, to));
    }

    private static Map<String, StateStats> statesOf(ExecutionTrail trail, Set<String> failurePath) {
        Map<String, StateStats> stats = new HashMap<>();
        for (StateVisit visit : trail.allVisits()) {
            StateStats before = stats.getOrDefault(visit.name(), StateStats.NONE);
            Outcome outcome = failurePath.contains(visit.name()) ? Outcome.FAILED : visit.outcome();
            stats.put(visit.name(), new StateStats(before.visits() + 1, before.retries() + visit.retries(),
                    before.iterations() + visit.iterations().size(), worse(before.outcome(), outcome)));
        }
        return stats;
    }

    private static Outcome worse(Outcome a, Outcome b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(Outcome outcome) {
        return switch (outcome) {
            case NOT_VISITED -> 0;
            case SUCCEEDED -> 1;
            case IN_PROGRESS -> 2;
            case ABORTED -> 3;
            case CAUGHT -> 4;
            case FAILED -> 5;
        };
    }

    private static Set<String> takenTransitions(ExecutionTrail trail) {
        Set<String> taken = new HashSet<>();
        collectTaken(trail.visits(), taken);
        if (!trail.visits().isEmpty()) {
            taken.add(key(START, trail.visits().get(0).name()));
            StateVisit last = trail.visits().get(trail.visits().size() - 1);
            if (trail.status() == TrailStatus.SUCCEEDED || last.type().equals("Fail")) {
                taken.add(key(last.name(), END));
            }
        }
        return taken;
    }

    private static void collectTaken(List<StateVisit> visits, Set<String> taken) {
        for (int i = 0; i < visits.size(); i++) {
            if (i > 0) {
                taken.add(key(visits.get(i - 1).name(), visits.get(i).name()));
            }
            for (MapIteration iteration : visits.get(i).iterations()) {
                collectTaken(iteration.visits(), taken);
            }
        }
    }

    private static String key(String from, String to) {
        return from + "\u0000->" + to;
    }
}
