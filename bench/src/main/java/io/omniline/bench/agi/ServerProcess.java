package io.omniline.bench.agi;

import io.omniline.bench.node.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link AgiServerMain}: the same java, class path and JVM options ({@code -X…})
 * as this one. Its log lines are passed on to standard error; its replies are read here.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Writer requests;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final int port;

    private ServerProcess(Process process) throws IOException, InterruptedException {
        this.process = process;
        this.requests = process.outputWriter(StandardCharsets.US_ASCII);
        Thread.ofPlatform().name("agi-server-output").daemon().start(this::readOutput);
        this.port = Integer.parseInt(reply("port"));
    }

    static ServerProcess start(String server) throws IOException, InterruptedException {
        List<String> command = ChildJvm.command(
                List.of(), System.getProperty("java.class.path"), AgiServerMain.class.getName(), List.of(server));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            return new ServerProcess(process);
        } catch (IOException | RuntimeException | InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** Live heap of the server after a full collection, which pauses it. */
    long liveHeapBytes() throws IOException, InterruptedException {
        requests.write("heap\n");
        requests.flush();
        return Long.parseLong(reply("heap"));
    }

    /** The server's resident set (Linux); -1 where /proc is not there to read it. */
    long residentBytes() {
        return ChildJvm.residentBytes(process.pid());
    }

    private void readOutput() {
        try (BufferedReader output = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith(AgiServerMain.REPLY)) {
                    replies.add(line.substring(AgiServerMain.REPLY.length()));
                } else {
                    System.err.println(line);
                }
            }
        } catch (IOException e) {
            // The process is gone; reply() says so to whoever waits for it.
        }
    }

    private String reply(String name) throws InterruptedException {
        String reply = replies.poll(60, TimeUnit.SECONDS);
        if (reply == null || !reply.startsWith(name + " ")) {
            throw new IllegalStateException("the FastAGI server process sent " + reply + " instead of " + name
                    + (process.isAlive() ? "" : " and exited with " + process.exitValue()));
        }
        return reply.substring(name.length() + 1);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        requests.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
