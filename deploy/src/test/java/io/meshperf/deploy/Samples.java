package io.meshperf.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** One pod's downward-API facts, and files a pod would see mounted from the rendered objects. */
final class Samples {

    private Samples() {
    }

    static Map<String, String> agentFields() {
        // A pod on an unlabelled node: the zone and region labels read as empty strings.
        return Map.of("spec.nodeName", "node-1", "metadata.namespace", "meshperf",
                "metadata.name", "meshperf-agent-pod-x7k2q", "status.podIP", "10.244.1.7", "status.hostIP", "192.168.0.11",
                "metadata.labels['topology.kubernetes.io/zone']", "",
                "metadata.labels['topology.kubernetes.io/region']", "");
    }

    static Map<String, String> coordinatorFields() {
        return Map.of("metadata.name", "meshperf-coordinator-5d9c7-abcde", "metadata.namespace", "meshperf",
                "status.podIP", "10.244.2.9");
    }

    /**
     * Writes the Secret key that {@code file} would be in the container (through its volume mount
     * and the volume's items) to a temporary file and returns it; fails if no mount provides it.
     */
    static Path mountedFile(Rendered rendered, PodSpec pod, Container c, String file) {
        for (VolumeMount m : c.getVolumeMounts()) {
            if (!file.startsWith(m.getMountPath() + "/")) {
                continue;
            }
            String rest = file.substring(m.getMountPath().length() + 1);
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no volume " + m.getName()));
            if (v.getSecret() == null) {
                throw new AssertionError(file + " is mounted from " + m.getName() + ", which is not a Secret");
            }
            Secret secret = rendered.one(Secret.class, v.getSecret().getSecretName());
            // No items: every key of the Secret is a file of that name.
            boolean whole = v.getSecret().getItems() == null || v.getSecret().getItems().isEmpty();
            String key = whole ? rest : v.getSecret().getItems().stream()
                    .filter(i -> i.getPath().equals(rest)).map(KeyToPath::getKey).findFirst()
                    .orElseThrow(() -> new AssertionError("volume " + m.getName() + " has no item at " + rest));
            String encoded = secret.getData().get(key);
            if (encoded == null) {
                throw new AssertionError("Secret " + secret.getMetadata().getName() + " has no key " + key);
            }
            try {
                Path out = Files.createTempFile("mounted", ".properties");
                out.toFile().deleteOnExit();
                Files.write(out, Base64.getMimeDecoder().decode(encoded));
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError(c.getName() + ": nothing is mounted at " + file);
    }
}
