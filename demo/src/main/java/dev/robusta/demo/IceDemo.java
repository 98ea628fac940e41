package dev.robusta.demo;

import dev.robusta.ice.IceAgentConfig;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE demo (bin/robusta-demo ice): two agents connect on loopback; prints the selected pair and the time it
 * took, then the median over several runs.
 */
public final class IceDemo {
    private static final Logger LOG = LoggerFactory.getLogger("robusta-demo");

    private IceDemo() {}

    public static void main(String[] args) throws Exception {
        int runs = 20;
        boolean ipv6 = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs":
                    runs = Integer.parseInt(args[++i]);
                    break;
                case "--no-ipv6":
                    ipv6 = false;
                    break;
                case "-h":
                case "--help":
                    LOG.info("usage: bin/robusta-demo ice [--runs N] [--no-ipv6]");
                    return;
                default:
                    LOG.error("unknown option {} (try --help)", args[i]);
                    System.exit(2);
            }
        }
        IceAgentConfig config = IceLoopbackPair.loopbackConfig(ipv6);
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try {
            IceLoopbackPair.Result first = IceLoopbackPair.connectOnce(group, config);
            LOG.info("Connected two Robusta ICE agents on loopback in {} ms",
                    format(first.connectTime().toNanos() / 1e6));
            LOG.info("  controlling agent's selected pair: {}", first.controllingPair());
            LOG.info("  controlled agent's selected pair:  {}", first.controlledPair());
            LOG.info("  a datagram went through each way");
            List<Double> millis = new ArrayList<>();
            millis.add(first.connectTime().toNanos() / 1e6);
            for (int i = 1; i < runs; i++) {
                millis.add(IceLoopbackPair.connectOnce(group, config).connectTime().toNanos() / 1e6);
            }
            Collections.sort(millis);
            LOG.info("Connection time over {} runs (gathering start to both agents connected): median {} ms, "
                    + "min {} ms, max {} ms", millis.size(), format(median(millis)), format(millis.get(0)),
                    format(millis.get(millis.size() - 1)));
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
