package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robusta.demo.chat.ChatDemo;
import dev.robusta.interop.browser.HeadlessChromium;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The main job in a browser: headless Chromium opens the chat demo's own page (what {@code bin/robusta-demo} serves
 * and a person opens), which finds the Java peer through the demo's signalling server, connects, sends three
 * lines and gets them echoed, and shows a round trip the Java peer measured. The page in {@code ?selftest=3} mode
 * types the lines itself and posts what it shows; the test asserts on that. Closing the browser frees the Java
 * side's connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoChatPageChromiumTest {
    private static final Pattern RTT = Pattern.compile(
            "Round trip measured by the Java peer: (\\d+\\.\\d\\d) ms \\(median (\\d+\\.\\d\\d) ms, (\\d+) pings?\\)");
    private static final Pattern ECHO_TIME = Pattern.compile("\\((\\d+\\.\\d\\d) ms\\)");

    @Test
    void theDemoPageChatsWithTheJavaPeer() throws Exception {
        try (ChatDemo demo = ChatDemo.start(ChatDemo.Options.defaults().withPort(0))) {
            CompletableFuture<String> posted = new CompletableFuture<>();
            demo.addSelfTestReportListener(posted::complete);
            try (HeadlessChromium chromium = HeadlessChromium.open(demo.pageUri() + "?selftest=3")) {
                String text;
                try {
                    text = posted.get(40, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("the page posted no report within 40 s; Chromium's log:\n"
                            + chromium.log());
                }
                JsonNode report = new ObjectMapper().readTree(text);
                assertEquals("connected: data channel \"chat\" open", report.path("status").asText(), text);
                assertEquals("connected", report.path("connectionState").asText(), text);

                List<String> typed = new ArrayList<>();
                List<String> echoed = new ArrayList<>();
                String hello = null;
                for (JsonNode line : report.path("lines")) {
                    switch (line.path("who").asText()) {
                        case "you" -> typed.add(line.path("text").asText());
                        case "echo" -> {
                            echoed.add(line.path("text").asText());
                            // The page times each echo itself.
                            Matcher m = ECHO_TIME.matcher(line.path("ms").asText());
                            assertTrue(m.matches() && Double.parseDouble(m.group(1)) > 0, line.toString());
                        }
                        case "java" -> hello = line.path("text").asText();
                        default -> throw new AssertionError("unexpected line on the page: " + line);
                    }
                }
                List<String> expected = List.of("self-test message 1", "self-test message 2", "self-test message 3");
                assertEquals(expected, typed, text);
                assertEquals(expected, echoed, text);
                assertTrue(hello != null && hello.contains("Robusta"), text);

                Matcher rtt = RTT.matcher(report.path("rtt").asText());
                assertTrue(rtt.matches(), text);
                double ms = Double.parseDouble(rtt.group(1));
                assertTrue(ms > 0 && ms < 1000, "round trip " + ms + " ms");
                assertTrue(Integer.parseInt(rtt.group(3)) >= 1);
                assertEquals(1, demo.activeSessions());
            }
            // The browser is gone (its tab with it): the signalling session ends and the Java peer's connection is
            // closed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (demo.activeSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, demo.activeSessions(), "the closed tab's connection is freed");
        }
    }
}
