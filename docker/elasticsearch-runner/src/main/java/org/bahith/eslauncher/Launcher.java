/*
 * Bahith - search engine for Arabic news archives.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package org.bahith.eslauncher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.Node;

/**
 * Starts one real Elasticsearch node (8.19 on Java 17, 9.x on Java 21+) in this JVM for Bahith's
 * engine tests, on loopback only. Elasticsearch itself comes from Maven Central at build time.
 *
 * <p>Why a launcher of our own: Elastic's own start-up ({@code org.elasticsearch.bootstrap}) expects
 * the distribution's layout, its CLI process and its security set-up, none of which Maven Central
 * has. A node needs far less: an {@link Environment} from settings, the plugin loader over a
 * {@code modules/} folder (here {@code transport-netty4}, for HTTP, and Bahith's test-support
 * analysis plugin, the stand-in for {@code analysis-common}), and {@code new Node(env, loader).start()}.
 * start.sh lays out the home folder, runs this class as an unprivileged user (Elasticsearch refuses
 * root) and waits for health over HTTP.
 *
 * <pre>
 *   --home DIR            node home: modules/ (laid out by start.sh) and config/
 *   --data-dir DIR        path.data
 *   --logs-dir DIR        path.logs
 *   --port N              http.port (default 9280)
 *   --transport-port N    transport.port (default 9380)
 *   --cluster-name S      cluster.name (default bahith-es-dev)
 * </pre>
 */
public final class Launcher {

    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    private static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8);

    private Launcher() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            ERR.println("bahith elasticsearch launcher: start failed: " + t);
            t.printStackTrace(ERR);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path home = Path.of(require(opts, "--home")).toAbsolutePath();
        Path data = Path.of(require(opts, "--data-dir")).toAbsolutePath();
        Path logs = Path.of(require(opts, "--logs-dir")).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(data);
        Files.createDirectories(logs);
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("network.host", "127.0.0.1")  // loopback only
            .put("http.port", opts.getOrDefault("--port", "9280"))
            .put("transport.port", opts.getOrDefault("--transport-port", "9380"))
            .put("discovery.type", "single-node")
            .put("cluster.name", opts.getOrDefault("--cluster-name", "bahith-es-dev"))
            .put("node.name", "bahith-es-node")
            // a full developer disk must not leave shards unassigned
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        Environment environment = new Environment(settings, home.resolve("config"));
        Object loader = pluginsLoader(home.resolve("modules"));
        Node node = newNode(environment, loader);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                ERR.println("bahith elasticsearch launcher: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "bahith-es-shutdown"));
        node.start();
        OUT.println("elasticsearch node started: http://127.0.0.1:" + settings.get("http.port")
            + " (" + org.elasticsearch.Build.current().version() + ")");
        stopped.await();
    }

    /**
     * The plugin loader over {@code modules/}. Its factory changed between releases (8.19: the module
     * bundles read by {@code loadModulesBundles(dir)} and handed to {@code createPluginsLoader(modules,
     * plugins, map)}; 9.x: {@code loadModulesBundles(dir, boolean)}; other releases: other names or
     * one call taking the folders), so the methods are looked up by name and shape.
     */
    private static Object pluginsLoader(Path modules) throws Exception {
        Class<?> loaderClass = Class.forName("org.elasticsearch.plugins.PluginsLoader");
        for (Method m : loaderClass.getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().equals("createPluginsLoader") && p.length == 2 && p[0] == Path.class && p[1] == Path.class) {
                return m.invoke(null, modules, null);
            }
        }
        Object bundles = null;
        for (Method m : loaderClass.getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().equals("loadModulesBundles") && p.length == 1) {
                bundles = m.invoke(null, modules);                  // 8.19
            } else if (m.getName().equals("loadModulesBundles") && p.length == 2 && p[1] == boolean.class) {
                bundles = m.invoke(null, modules, Boolean.FALSE);   // 9.x: one more switch, off as in a plain node
            }
        }
        if (bundles == null) {
            Class<?> utils = Class.forName("org.elasticsearch.plugins.PluginsUtils");
            for (Method m : utils.getMethods()) {
                Class<?>[] p = m.getParameterTypes();
                if (m.getName().equals("getModuleBundles") && p.length >= 1 && p[0] == Path.class) {
                    bundles = p.length == 1 ? m.invoke(null, modules) : m.invoke(null, modules, Boolean.FALSE);
                }
            }
        }
        if (bundles == null) {
            throw new IllegalStateException("no way to read module bundles in this Elasticsearch version");
        }
        for (Method m : loaderClass.getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().equals("createPluginsLoader") && p.length == 3 && p[0] == Set.class && p[2] == Map.class) {
                return m.invoke(null, bundles, Set.of(), Map.of());
            }
        }
        for (Method m : loaderClass.getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().equals("createPluginsLoader") && p.length == 2 && p[0] == Set.class) {
                return m.invoke(null, bundles, Set.of());
            }
        }
        throw new IllegalStateException("no PluginsLoader.createPluginsLoader this launcher knows");
    }

    private static Node newNode(Environment environment, Object loader) throws Exception {
        for (Constructor<?> c : Node.class.getConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            if (p.length == 2 && p[0] == Environment.class && p[1].isInstance(loader)) {
                return (Node) c.newInstance(environment, loader);
            }
        }
        throw new IllegalStateException("no Node(Environment, PluginsLoader) constructor in this Elasticsearch version");
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad argument '" + args[i] + "' (every option takes a value)");
            }
            out.put(args[i], args[++i]);
        }
        return out;
    }

    private static String require(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
