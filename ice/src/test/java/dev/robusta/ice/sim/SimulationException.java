package dev.robusta.ice.sim;

/** The simulation cannot go on: too many steps, or an endpoint that would make a driver busy-loop. */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }
}
