package io.meshperf.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The objects one kustomization renders to, as fabric8 typed objects: {@code kubectl kustomize
 * DIR} (the kustomize that ships in kubectl) is run as a child process and its output parsed.
 * Blocks while it runs; fails with its message if it rejects the kustomization, or naming what
 * to install if neither kubectl nor kustomize is there.
 */
final class Rendered {

    /** The kustomize tree, relative to the module directory (where Maven runs the tests). */
    static final Path KUSTOMIZE = Path.of("kustomize");
    static final List<String> OVERLAYS = List.of("base", "overlays/strimzi", "overlays/prometheus-operator",
            "overlays/full");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    final String dir;
    final String yaml;
    final List<HasMetadata> objects;

    private Rendered(String dir, String yaml, List<HasMetadata> objects) {
        this.dir = dir;
        this.yaml = yaml;
        this.objects = objects;
    }

    /** Renders {@code dir} (relative to the kustomize tree). */
    static Rendered of(String dir) {
        return parse(dir, kustomize(KUSTOMIZE.resolve(dir)));
    }

    /** Objects of a multi-document YAML text rendered from {@code dir}. */
    static Rendered parse(String dir, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(doc);
            if (!(parsed instanceof HasMetadata object)) {
                throw new AssertionError(dir + ": not a Kubernetes object: " + doc);
            }
            objects.add(object);
        }
        return new Rendered(dir, yaml, List.copyOf(objects));
    }

    /**
     * Output of {@code kubectl kustomize dir}, or of {@code kustomize build dir} where only the
     * standalone binary is installed. Both must carry kustomize v5 (components, {@code patches}):
     * kubectl 1.27 or newer; Debian 12's kubernetes-client (kubectl 1.20, kustomize v2) is too old.
     */
    static String kustomize(Path dir) {
        List<List<String>> commands = List.of(List.of("kubectl", "kustomize", dir.toString()),
                List.of("kustomize", "build", dir.toString()));
        List<String> missing = new ArrayList<>();
        for (List<String> command : commands) {
            try {
                return run(command);
            } catch (IOException e) {
                missing.add(command.get(0) + ": " + e.getMessage());
            }
        }
        throw new AssertionError("cannot render " + dir + ": neither kubectl (1.27+) nor kustomize (v5) can be run: "
                + missing);
    }

    private static String run(List<String> command) throws IOException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(dir + ": no " + type.getSimpleName()
                + " named " + name));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    /**
     * Paths of every field fabric8 did not recognise (it keeps them in {@code additionalProperties}
     * instead of failing): a misspelled or misplaced field in a manifest.
     */
    static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), found);
        return found;
    }

    private static void walk(Object o, String path, List<String> found) {
        if (o == null || !o.getClass().getName().startsWith("io.fabric8.")) {
            if (o instanceof Collection<?> c) {
                int i = 0;
                for (Object e : c) {
                    walk(e, path + "[" + i++ + "]", found);
                }
            } else if (o instanceof Map<?, ?> m) {
                m.forEach((k, v) -> walk(v, path + "." + k, found));
            }
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot read " + path + "." + m.getName(), e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
            } else if (value instanceof KubernetesResource || value instanceof Collection<?> || value instanceof Map<?, ?>
                    || (value != null && value.getClass().getName().startsWith("io.fabric8."))) {
                walk(value, path + "." + property(m.getName()), found);
            }
        }
    }

    private static String property(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }
}
