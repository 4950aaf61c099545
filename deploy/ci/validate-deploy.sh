#!/usr/bin/env bash
# Offline checks of everything under deploy/ plus docker-compose.yml; no Docker engine, cluster or GPU.
#   1. docker-compose.yml      `docker-compose config -q` (Debian's docker-compose 1.29 validates the
#                              Compose spec without an engine), plus a broken file that must fail
#   2. deploy/k8s              rendered with `kubectl kustomize` (base, overlays/gpu), then schema,
#                              strict-field and reference checks by validate-k8s.mjs (npm: kubernetes-models,
#                              @kubernetes-models/keda, @kubernetes/client-node field lists, yaml)
#   3. deploy/verl             the reward tests against the shared vectors (python3, standard library)
#   4. JSON / YAML files       of deploy/triton, deploy/verl, deploy/llamafactory parse
#   5. monitoring              deploy/prometheus and deploy/grafana against docker-compose.yml
#                              (validate-monitoring.mjs), plus a broken dashboard that must fail
# Installs what is missing (apt: docker-compose; npm ci in deploy/ci), so it is safe to run again.
# Quiet on success apart from one line per step; exits non-zero on the first failing step.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CI_DIR="$ROOT/deploy/ci"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"

say() { echo "validate-deploy: $*"; }
die() { echo "validate-deploy: FAILED: $*" >&2; exit 1; }

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be missing or stale on a fresh machine: update once, only when needed.
  if ! $sudo apt-get install -y -qq "$@" >"$WORK/apt.log" 2>&1; then
    $sudo apt-get update -qq >>"$WORK/apt.log" 2>&1 || true
    $sudo apt-get install -y -qq "$@" >>"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; die "apt-get install $*"; }
  fi
}

# 1. docker-compose.yml ------------------------------------------------------------------------
if ! command -v docker-compose >/dev/null 2>&1; then
  say "installing docker-compose (Debian package)"
  apt_install docker-compose
fi
COMPOSE_VERSION="$(docker-compose version --short 2>/dev/null || echo '?')"
# No variables need to be set: every ${VAR} in the file has a default.
docker-compose -f docker-compose.yml config -q 2>"$WORK/compose.err" || { cat "$WORK/compose.err" >&2; die "docker-compose.yml"; }
cat >"$WORK/broken-compose.yml" <<'EOF'
services:
  a:
    image: busybox
    depends_on:
      b:
        condition: service_happy
  b:
    image: busybox
EOF
if docker-compose -f "$WORK/broken-compose.yml" config -q >/dev/null 2>&1; then
  die "docker-compose accepted a broken file: the compose check proves nothing"
fi
say "docker-compose.yml ok (docker-compose $COMPOSE_VERSION)"

# 2. deploy/k8s ---------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node is needed for the Kubernetes schema checks"
if [ ! -f "$CI_DIR/node_modules/.package-lock.json" ] || [ "$CI_DIR/package-lock.json" -nt "$CI_DIR/node_modules/.package-lock.json" ]; then
  say "installing validator packages (npm ci in deploy/ci)"
  (cd "$CI_DIR" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1) || { cat "$WORK/npm.log" >&2; die "npm ci"; }
fi
MODELS_VERSION="$(node -p "require('$CI_DIR/node_modules/kubernetes-models/package.json').version")"

K8S_FILES=()
# kustomize: kubectl's built-in one (components and `labels` need kustomize >= 4, i.e. kubectl >= 1.21).
KUSTOMIZE_OK=false
if command -v kubectl >/dev/null 2>&1 && kubectl kustomize "$ROOT/deploy/k8s/base" >"$WORK/base.yaml" 2>"$WORK/kustomize.err"; then
  KUSTOMIZE_OK=true
fi
if $KUSTOMIZE_OK; then
  kubectl kustomize "$ROOT/deploy/k8s/overlays/gpu" >"$WORK/overlay-gpu.yaml" 2>"$WORK/kustomize.err" \
    || { cat "$WORK/kustomize.err" >&2; die "kustomize build deploy/k8s/overlays/gpu"; }
  K8S_FILES+=("$WORK/base.yaml" "$WORK/overlay-gpu.yaml")
  RENDER="rendered with kubectl kustomize ($(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p'))"
else
  # No usable kubectl here: check the complete objects of the base and the overlay without rendering.
  [ -s "$WORK/kustomize.err" ] && cat "$WORK/kustomize.err" >&2
  say "WARNING: no kubectl with kustomize >= 4; validating the resource files without rendering"
  : >"$WORK/base.yaml"
  for f in "$ROOT"/deploy/k8s/base/*.yaml; do
    [ "$(basename "$f")" = kustomization.yaml ] && continue
    cat "$f" >>"$WORK/base.yaml"; echo "---" >>"$WORK/base.yaml"
  done
  cp "$WORK/base.yaml" "$WORK/overlay-gpu.yaml"
  for f in triton.yaml triton-model-repository.yaml gateway-keda.yaml; do
    cat "$ROOT/deploy/k8s/overlays/gpu/$f" >>"$WORK/overlay-gpu.yaml"; echo "---" >>"$WORK/overlay-gpu.yaml"
  done
  K8S_FILES+=("$WORK/base.yaml" "$WORK/overlay-gpu.yaml")
  RENDER="NOT rendered (resource files only)"
fi
K8S_FILES+=("$ROOT/deploy/k8s/components/sasl-ssl/secrets.example.yaml" "$ROOT/deploy/k8s/http-token.example.yaml")
node "$CI_DIR/validate-k8s.mjs" --triton-repo "$ROOT/deploy/triton/model_repository" "${K8S_FILES[@]}" >"$WORK/k8s.out" 2>&1 \
  || { cat "$WORK/k8s.out" >&2; die "Kubernetes manifests"; }
sed -e "s#$WORK/#deploy/k8s render: #" -e "s#$ROOT/##" "$WORK/k8s.out" | sed 's/^/validate-deploy:   /'
say "deploy/k8s ok ($RENDER; kubernetes-models $MODELS_VERSION)"

# 3. deploy/verl reward ---------------------------------------------------------------------------
python3 "$ROOT/deploy/verl/test_starec_reward.py" >"$WORK/verl.out" 2>&1 || { cat "$WORK/verl.out" >&2; die "deploy/verl/test_starec_reward.py"; }
say "deploy/verl reward ok ($(grep -E '^Ran [0-9]+ tests' "$WORK/verl.out"))"

# 4. JSON and YAML files ----------------------------------------------------------------------------
for f in deploy/triton/model_repository/*/1/model.json deploy/llamafactory/dataset_info.json deploy/verl/reward_test_vectors.json deploy/grafana/dashboards/*.json; do
  python3 -m json.tool "$f" >/dev/null 2>"$WORK/json.err" || { cat "$WORK/json.err" >&2; die "$f is not valid JSON"; }
done
(cd "$CI_DIR" && node --input-type=module -e '
  import fs from "node:fs"; import { parseAllDocuments } from "yaml";
  for (const f of process.argv.slice(1)) {
    for (const d of parseAllDocuments(fs.readFileSync(f, "utf8"))) if (d.errors.length) { console.error(f + ": " + d.errors[0].message); process.exit(1); }
  }' "$ROOT/deploy/llamafactory/starec_sft.yaml" "$ROOT/deploy/verl/grpo_starec.yaml" "$ROOT/docker-compose.yml") \
  || die "YAML files"
say "config files ok"

# 5. monitoring -------------------------------------------------------------------------------------
node "$CI_DIR/validate-monitoring.mjs" "$ROOT" >"$WORK/monitoring.out" 2>&1 || { cat "$WORK/monitoring.out" >&2; die "monitoring"; }
sed 's/^/validate-deploy:   /' "$WORK/monitoring.out"
mkdir -p "$WORK/broken/deploy"
cp "$ROOT/docker-compose.yml" "$WORK/broken/"
cp -r "$ROOT/deploy/prometheus" "$ROOT/deploy/grafana" "$WORK/broken/deploy/"
sed -i 's/"uid": "starec-prometheus"/"uid": "elsewhere"/' "$WORK/broken/deploy/grafana/dashboards/starec-streams.json"
if node "$CI_DIR/validate-monitoring.mjs" "$WORK/broken" >/dev/null 2>&1; then
  die "validate-monitoring.mjs accepted a dashboard on an unknown datasource: the check proves nothing"
fi
say "deploy/prometheus, deploy/grafana ok"
