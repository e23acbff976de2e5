#!/usr/bin/env bash
# Builds the two meshperf images from this repository:
#   deploy/images/build.sh [tag]            (default tag: the Maven project version)
# Environment: CONTAINER_ENGINE (docker or podman; default docker), REGISTRY (image name prefix,
# default "meshperf"), PUSH=1 to push after building. Exits non-zero when a step fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

engine="${CONTAINER_ENGINE:-docker}"
registry="${REGISTRY:-meshperf}"
tag="${1:-$(mvn -q -B help:evaluate -Dexpression=project.version -DforceStdout)}"

mvn -B -pl probe-agent,coordinator -am package -DskipTests

for image in probe-agent:agent coordinator:coordinator; do
  name="${image%%:*}"
  dir="${image##*:}"
  "$engine" build -f "deploy/images/$dir/Containerfile" -t "$registry/$name:$tag" .
  if [ "${PUSH:-0}" = "1" ]; then
    "$engine" push "$registry/$name:$tag"
  fi
done
