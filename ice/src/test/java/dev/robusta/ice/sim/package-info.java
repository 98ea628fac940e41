/**
 * A deterministic simulated network for sans-IO cores, shipped in the ice test-jar for other modules' tests,
 * benchmarks and interop harnesses.
 *
 * <ul>
 *   <li>{@link dev.robusta.ice.sim.SimulatedNetwork}: seeded loss, delay, jitter (reordering) and duplication, globally
 *       or per path ({@link dev.robusta.ice.sim.LinkConditions}); drop rules (a path, a family, everything from one
 *       agent from a moment on); observers; a virtual clock that jumps to the next delivery, action or deadline
 *       (str0m's {@code progress()}), with bounds on steps and a check that no endpoint spins or asks for the past.</li>
 *   <li>{@link dev.robusta.ice.sim.SimulatedAgent}: an {@code IceAgentCore} with its glue: transmits, timestamped
 *       events, trickle signalling with a delay (or filtered, or never), end-of-candidates, ICE restart as
 *       offer/answer, application data through {@code route()} and {@code handleDatagram}.</li>
 *   <li>Helpers: {@link dev.robusta.ice.sim.SimPayload} (self-checking payloads), {@link dev.robusta.ice.sim.BindingTap}
 *       (Binding requests and responses seen on the wire, with times), {@link dev.robusta.ice.sim.RfcPriorities}
 *       (RFC 8445 priorities written out independently), {@link dev.robusta.ice.sim.HostileDatagrams} (random,
 *       mutated and forged input for one agent).</li>
 * </ul>
 *
 * <pre>{@code
 * SimulatedNetwork net = new SimulatedNetwork(seed);
 * net.setDefaultConditions(LinkConditions.of(0.1, Duration.ofMillis(20), Duration.ofMillis(50), 0.05));
 * SimulatedAgent a = new SimulatedAgent(net, "A", config, 1, List.of(SimulatedAgent.v4(1, 5000)));
 * SimulatedAgent b = new SimulatedAgent(net, "B", config, 2, List.of(SimulatedAgent.v4(1, 6000)));
 * SimulatedAgent.introduce(a, b, Duration.ofMillis(100));
 * a.start(IceRole.CONTROLLING);
 * b.start(IceRole.CONTROLLED);
 * net.runUntil(() -> a.isConnected() && b.isConnected(), Duration.ofSeconds(30));
 * }</pre>
 *
 * Addresses are loopback literals (127.0.0.x, ::1) only; nothing touches a real socket.
 */
package dev.robusta.ice.sim;
