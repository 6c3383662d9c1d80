package dev.warden.core.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes one server's threads: daemon threads named {@code warden-control-N} (N counts from 1 per
 * server), and remembers them so that {@link ControlServer#close} can wait until each has ended.
 * Thread-safe.
 */
final class ControlThreads implements ThreadFactory {

    private final AtomicInteger next = new AtomicInteger(1);
    private final List<Thread> made = new ArrayList<>();

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "warden-control-" + next.getAndIncrement());
        thread.setDaemon(true);
        synchronized (made) {
            made.add(thread);
        }
        return thread;
    }

    /**
     * Waits until every thread made so far has ended, or until {@code deadlineNanos} (a
     * {@link System#nanoTime} value) has passed.
     *
     * @return true if all have ended
     */
    boolean awaitEnd(long deadlineNanos) throws InterruptedException {
        List<Thread> threads;
        synchronized (made) {
            threads = List.copyOf(made);
        }
        for (Thread thread : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
