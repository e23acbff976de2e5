package io.meshperf.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet would give it: literal values with {@code $(VAR)}
 * references expanded, ConfigMap and Secret keys read from the rendered objects, and downward-API
 * fields from the values given (one pod's facts). Fails naming the variable when a reference
 * cannot be resolved, which is what would keep the pod from starting.
 */
final class ContainerEnv {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private ContainerEnv() {
    }

    static Map<String, String> resolve(Rendered rendered, Container container, Map<String, String> fields) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            String name = var.getName();
            if (env.containsKey(name)) {
                throw new AssertionError(container.getName() + ": " + name + " is set twice");
            }
            env.put(name, var.getValueFrom() == null ? expand(var.getValue(), env, name)
                    : from(rendered, var.getValueFrom(), fields, name));
        }
        return env;
    }

    private static String expand(String value, Map<String, String> earlier, String name) {
        Matcher m = REFERENCE.matcher(value == null ? "" : value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            if (!earlier.containsKey(ref)) {
                // The kubelet would leave "$(REF)" in the value: a silent misconfiguration.
                throw new AssertionError(name + " refers to $(" + ref + "), which is not defined before it");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(earlier.get(ref)));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String from(Rendered rendered, EnvVarSource source, Map<String, String> fields, String name) {
        if (source.getFieldRef() != null) {
            String path = source.getFieldRef().getFieldPath();
            return Optional.ofNullable(fields.get(path))
                    .orElseThrow(() -> new AssertionError(name + ": no sample value for field " + path));
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap map = rendered.one(ConfigMap.class, ref.getName());
            return Optional.ofNullable(map.getData().get(ref.getKey())).orElseThrow(() -> new AssertionError(
                    name + ": ConfigMap " + ref.getName() + " has no key " + ref.getKey()));
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = rendered.one(Secret.class, ref.getName());
            String encoded = Optional.ofNullable(secret.getData()).map(d -> d.get(ref.getKey())).orElseThrow(
                    () -> new AssertionError(name + ": Secret " + ref.getName() + " has no key " + ref.getKey()));
            return new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        throw new AssertionError(name + ": unsupported value source " + source);
    }
}
