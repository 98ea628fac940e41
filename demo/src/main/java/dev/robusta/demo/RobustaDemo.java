package dev.robusta.demo;

import dev.robusta.demo.chat.ChatDemoMain;
import java.util.Arrays;

/**
 * What {@code bin/robusta-demo} runs: the chat demo by default ({@code bin/robusta-demo [chat] [--port N]}), or the
 * ICE demo ({@code bin/robusta-demo ice [--runs N] [--no-ipv6]}).
 */
public final class RobustaDemo {
    private RobustaDemo() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("ice")) {
            IceDemo.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("chat")) {
            ChatDemoMain.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            ChatDemoMain.main(args);
        }
    }
}
