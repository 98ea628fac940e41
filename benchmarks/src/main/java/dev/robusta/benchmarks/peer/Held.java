package dev.robusta.benchmarks.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Signalling items (candidates) held until the receiving side can take them (it has a remote description),
 * then passed on in order; after {@link #release()} they pass straight through.
 */
final class Held<T> {
    private final Consumer<T> sink;
    private final List<T> held = new ArrayList<>();
    private boolean released;

    Held(Consumer<T> sink) {
        this.sink = sink;
    }

    synchronized void offer(T item) {
        if (released) {
            sink.accept(item);
        } else {
            held.add(item);
        }
    }

    synchronized void release() {
        released = true;
        held.forEach(sink);
        held.clear();
    }
}
