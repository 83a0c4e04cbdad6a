package dev.domainsync.statemachine.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs concurrent Map iterations as lanes on one virtual timeline, one lane at a time.
 *
 * <p>Each lane has its own thread, but only the lane holding the baton runs. A lane gives the baton up when it
 * waits (a retry backoff, a Wait state, an invocation's duration) or waits for lanes of its own; the scheduler then
 * resumes the lane due earliest on the virtual clock, ties broken by the order they became due. The clock only
 * moves forward, events are recorded in time order, and a run is deterministic: lanes interleave the same way
 * every time.
 */
final class LaneScheduler {

    private final VirtualClock clock;
    private final Instant deadline;
    private final Supplier<ExecutionTerminated> onDeadline;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Lane> ready = new PriorityQueue<>(
            Comparator.comparing((Lane lane) -> lane.wakeAt).thenComparingLong(lane -> lane.order));
    private final ThreadLocal<Lane> current = new ThreadLocal<>();
    private long order;
    private ExecutionTerminated terminated;

    /**
     * @param deadline   when the execution times out, or null for never
     * @param onDeadline records the timeout in the history and returns what stops the run
     */
    LaneScheduler(VirtualClock clock, Instant deadline, Supplier<ExecutionTerminated> onDeadline) {
        this.clock = clock;
        this.deadline = deadline;
        this.onDeadline = onDeadline;
    }

    /** The Map iterations one Map state run spreads over its lanes; aborting it stops them all. */
    static final class Group {
        private volatile boolean aborted;

        boolean aborted() {
            return aborted;
        }
    }

    /** Thrown in a lane whose Map has failed while it was waiting. */
    static final class IterationAborted extends RuntimeException {
        IterationAborted() {
            super("iteration aborted", null, false, false);
        }
    }

    private static final class Lane {
        private final Lane parent;
        private final Group group;
        private final Semaphore baton = new Semaphore(0);
        private Instant wakeAt;
        private long order;
        private int pendingLanes;

        Lane(Lane parent, Group group) {
            this.parent = parent;
            this.group = group;
        }

        boolean aborted() {
            for (Lane lane = this; lane != null; lane = lane.parent) {
                if (lane.group != null && lane.group.aborted()) {
                    return true;
                }
            }
            return false;
        }

        boolean within(Group target) {
            for (Lane lane = this; lane != null; lane = lane.parent) {
                if (lane.group == target) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Makes the calling thread the execution's first lane. */
    void enterRoot() {
        current.set(new Lane(null, null));
    }

    void leaveRoot() {
        current.remove();
    }

    /** Waits {@code duration} on the virtual clock, letting lanes due earlier run meanwhile. */
    void sleep(Duration duration) {
        Lane me = current.get();
        Lane next;
        lock.lock();
        try {
            me.wakeAt = clock.instant().plus(duration);
            me.order = order++;
            ready.add(me);
            next = pick();
        } finally {
            lock.unlock();
        }
        handOver(me, next);
        checkpoint();
    }

    /**
     * Runs {@code body} on {@code count} new lanes and returns when all have ended, with what each threw (or
     * null). The calling lane waits meanwhile.
     */
    List<Throwable> runLanes(int count, Group group, String name, IntConsumer body) {
        Lane me = current.get();
        Throwable[] failures = new Throwable[count];
        List<Thread> threads = new ArrayList<>();
        Lane next;
        lock.lock();
        try {
            me.pendingLanes = count;
            for (int index = 0; index < count; index++) {
                Lane lane = new Lane(me, group);
                lane.wakeAt = clock.instant();
                lane.order = order++;
                int laneIndex = index;
                Thread thread = new Thread(() -> runLane(lane, laneIndex, failures, body), name + "-lane-" + index);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
                ready.add(lane);
            }
            next = pick();
        } finally {
            lock.unlock();
        }
        handOver(me, next);
        // Each lane hands the baton on as its last act, so its thread is ending: wait for it to be gone.
        for (Thread thread : threads) {
            joinUninterruptibly(thread);
        }
        List<Throwable> result = new ArrayList<>();
        for (Throwable failure : failures) {
            result.add(failure);
        }
        return result;
    }

    private void runLane(Lane lane, int index, Throwable[] failures, IntConsumer body) {
        lane.baton.acquireUninterruptibly();
        current.set(lane);
        Throwable failure = null;
        try {
            checkpoint();
            body.accept(index);
        } catch (Throwable e) {
            failure = e;
        }
        Lane next;
        lock.lock();
        try {
            failures[index] = failure;
            Lane parent = lane.parent;
            if (--parent.pendingLanes == 0) {
                parent.wakeAt = clock.instant();
                parent.order = order++;
                ready.add(parent);
            }
            next = pick();
        } finally {
            lock.unlock();
        }
        current.remove();
        next.baton.release();
    }

    /** Stops every lane of {@code group}: those waiting are resumed now and end with IterationAborted. */
    void abort(Group group) {
        lock.lock();
        try {
            group.aborted = true;
            resumeNow(lane -> lane.within(group));
        } finally {
            lock.unlock();
        }
    }

    /** Stops the whole run: every waiting lane is resumed now and ends with {@code reason}. */
    void terminate(ExecutionTerminated reason) {
        lock.lock();
        try {
            if (terminated == null) {
                terminated = reason;
            }
            resumeNow(lane -> true);
        } finally {
            lock.unlock();
        }
    }

    /** Throws if the run has ended or the calling lane's Map has failed. */
    void checkpoint() {
        if (terminated != null) {
            throw terminated;
        }
        Lane me = current.get();
        if (me != null && me.aborted()) {
            throw new IterationAborted();
        }
    }

    private void resumeNow(java.util.function.Predicate<Lane> which) {
        List<Lane> waiting = new ArrayList<>(ready);
        ready.clear();
        Instant now = clock.instant();
        for (Lane lane : waiting) {
            if (which.test(lane) && lane.wakeAt.isAfter(now)) {
                lane.wakeAt = now;
            }
            ready.add(lane);
        }
    }

    /** The lane to run next; moves the clock to its time, or times the execution out at the deadline. */
    private Lane pick() {
        Lane next = ready.poll();
        if (next == null) {
            throw new IllegalStateException("no lane can run: the executor's lanes are deadlocked");
        }
        if (terminated != null) {
            return next;
        }
        if (deadline != null && next.wakeAt.isAfter(deadline)) {
            if (clock.instant().isBefore(deadline)) {
                clock.set(deadline);
            }
            terminated = onDeadline.get();
            resumeNow(lane -> true);
            return next;
        }
        if (next.wakeAt.isAfter(clock.instant())) {
            clock.set(next.wakeAt);
        }
        return next;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void handOver(Lane me, Lane next) {
        if (next != me) {
            next.baton.release();
            me.baton.acquireUninterruptibly();
        }
    }
}
