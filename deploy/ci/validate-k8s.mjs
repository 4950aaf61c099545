// Offline validation of rendered Kubernetes manifests (no cluster needed).
//
// Usage: node validate-k8s.mjs [--triton-repo DIR] FILE.yaml...
//   1. schema: every object against the Kubernetes OpenAPI schemas (kubernetes-models) or the KEDA
//      CRD schemas (@kubernetes-models/keda): types, required fields, enums, formats;
//   2. strict: no unknown fields in built-in kinds (field lists of @kubernetes/client-node's models;
//      the OpenAPI schemas alone accept typos such as "replicass");
//   3. references: selectors match pod labels, Services select a workload, referenced ConfigMaps,
//      PVCs, Services and scale targets exist (or are Secrets created outside git);
//   4. --triton-repo: the inline Triton model-repository ConfigMap equals deploy/triton's files.
// Prints one line per file and exits 1 on any problem.
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

// Secrets are created by the operator (components/sasl-ssl/secrets.example.yaml, http-token.example.yaml), never
// rendered.
const EXTERNAL_SECRETS = new Set(["starec-kafka-credentials", "starec-kafka-truststore", "starec-hf-token",
  "starec-http-token"]);
const PRIMITIVES = new Set(["string", "number", "boolean", "Date", "any", "IntOrString", "object"]);

const args = process.argv.slice(2);
let tritonRepo = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--triton-repo") tritonRepo = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: node validate-k8s.mjs [--triton-repo DIR] FILE.yaml...");
  process.exit(2);
}

async function modelClass(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const spec = group.endsWith("keda.sh")
    ? `@kubernetes-models/keda/${group}/${version}`
    : `kubernetes-models/${group ? group + "/" : ""}${version}`;
  try {
    return (await import(spec))[kind];
  } catch {
    return undefined;
  }
}

const attributeMaps = new Map();
async function attributes(typeName) {
  if (!attributeMaps.has(typeName)) {
    let map = null;
    try {
      const mod = await import(`@kubernetes/client-node/dist/gen/models/${typeName}.js`);
      map = mod[typeName].getAttributeTypeMap();
    } catch {
      map = null; // unknown to the client models: not checked strictly
    }
    attributeMaps.set(typeName, map);
  }
  return attributeMaps.get(typeName);
}

function builtinTypeName(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

async function strictCheck(value, typeName, where, problems) {
  if (value === null || value === undefined || PRIMITIVES.has(typeName)) return;
  let m = typeName.match(/^Array<(.+)>$/);
  if (m) {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) await strictCheck(value[i], m[1], `${where}[${i}]`, problems);
    return;
  }
  m = typeName.match(/^\{ \[key: string\]: (.+?);? \}$/);
  if (m) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) await strictCheck(v, m[1], `${where}.${k}`, problems);
    return;
  }
  const map = await attributes(typeName);
  if (!map || typeof value !== "object" || Array.isArray(value)) return;
  const known = new Map(map.map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (!known.has(k)) problems.push(`${where}.${k}: unknown field (${typeName})`);
    else await strictCheck(v, known.get(k), `${where}.${k}`, problems);
  }
}

function podTemplate(obj) {
  return ["Deployment", "StatefulSet", "Job", "DaemonSet"].includes(obj.kind) ? obj.spec?.template : undefined;
}

function matches(selector, labels) {
  return Object.entries(selector || {}).every(([k, v]) => labels?.[k] === v);
}

function referenceChecks(objects, problems) {
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const names = (kind) => new Set(byKind(kind).map((o) => o.metadata?.name));
  const configMaps = names("ConfigMap");
  const secrets = new Set([...names("Secret"), ...EXTERNAL_SECRETS]);
  const pvcs = names("PersistentVolumeClaim");
  const services = names("Service");
  const workloads = objects.filter(podTemplate);

  for (const w of workloads) {
    const id = `${w.kind}/${w.metadata.name}`;
    const tpl = podTemplate(w);
    const labels = tpl.metadata?.labels || {};
    if (w.kind !== "Job" && !matches(w.spec.selector?.matchLabels, labels)) problems.push(`${id}: selector does not match the pod template labels`);
    if (w.kind === "StatefulSet" && !services.has(w.spec.serviceName)) problems.push(`${id}: serviceName ${w.spec.serviceName} is not a rendered Service`);
    const claimTemplates = new Set((w.spec.volumeClaimTemplates || []).map((c) => c.metadata.name));
    const volumes = new Set();
    for (const v of tpl.spec.volumes || []) {
      volumes.add(v.name);
      if (v.configMap && !configMaps.has(v.configMap.name)) problems.push(`${id}: volume ${v.name} uses missing ConfigMap ${v.configMap.name}`);
      if (v.secret && !secrets.has(v.secret.secretName)) problems.push(`${id}: volume ${v.name} uses unknown Secret ${v.secret.secretName}`);
      if (v.persistentVolumeClaim && !pvcs.has(v.persistentVolumeClaim.claimName)) problems.push(`${id}: volume ${v.name} uses missing PVC ${v.persistentVolumeClaim.claimName}`);
    }
    for (const c of [...(tpl.spec.initContainers || []), ...(tpl.spec.containers || [])]) {
      for (const m of c.volumeMounts || []) {
        if (!volumes.has(m.name) && !claimTemplates.has(m.name)) problems.push(`${id}: container ${c.name} mounts undefined volume ${m.name}`);
      }
      for (const e of c.env || []) {
        const cm = e.valueFrom?.configMapKeyRef;
        const sk = e.valueFrom?.secretKeyRef;
        if (cm && !cm.optional && !configMaps.has(cm.name)) problems.push(`${id}: env ${e.name} uses missing ConfigMap ${cm.name}`);
        if (sk && !sk.optional && !secrets.has(sk.name)) problems.push(`${id}: env ${e.name} uses unknown Secret ${sk.name}`);
      }
      for (const f of c.envFrom || []) {
        if (f.configMapRef && !f.configMapRef.optional && !configMaps.has(f.configMapRef.name)) problems.push(`${id}: envFrom uses missing ConfigMap ${f.configMapRef.name}`);
        if (f.secretRef && !f.secretRef.optional && !secrets.has(f.secretRef.name)) problems.push(`${id}: envFrom uses unknown Secret ${f.secretRef.name}`);
      }
      const ports = new Set((c.ports || []).map((p) => p.name));
      for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
        const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port;
        if (typeof port === "string" && !ports.has(port)) problems.push(`${id}: ${probe} uses undefined port name ${port}`);
      }
    }
  }
  for (const s of byKind("Service")) {
    if (!s.spec?.selector) continue;
    const targets = workloads.filter((w) => matches(s.spec.selector, podTemplate(w).metadata?.labels));
    if (targets.length === 0) problems.push(`Service/${s.metadata.name}: selector matches no workload`);
    for (const p of s.spec.ports || []) {
      if (typeof p.targetPort !== "string") continue;
      const named = targets.some((w) => podTemplate(w).spec.containers.some((c) => (c.ports || []).some((cp) => cp.name === p.targetPort)));
      if (!named) problems.push(`Service/${s.metadata.name}: targetPort ${p.targetPort} is no container port name`);
    }
  }
  for (const so of byKind("ScaledObject")) {
    const ref = so.spec.scaleTargetRef;
    const kind = ref.kind || "Deployment";
    if (!objects.some((o) => o.kind === kind && o.metadata.name === ref.name)) problems.push(`ScaledObject/${so.metadata.name}: no ${kind} ${ref.name}`);
    for (const t of so.spec.triggers || []) {
      if (t.authenticationRef && !names("TriggerAuthentication").has(t.authenticationRef.name)) problems.push(`ScaledObject/${so.metadata.name}: missing TriggerAuthentication ${t.authenticationRef.name}`);
    }
  }
  for (const ta of byKind("TriggerAuthentication")) {
    for (const r of ta.spec.secretTargetRef || []) {
      if (!secrets.has(r.name)) problems.push(`TriggerAuthentication/${ta.metadata.name}: unknown Secret ${r.name}`);
    }
  }
}

function tritonDrift(objects, repo, problems) {
  const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "starec-triton-model-repository");
  if (!cm) return false;
  const expected = {
    "config.pbtxt": fs.readFileSync(path.join(repo, "starec-llm", "config.pbtxt"), "utf8"),
    "model.json": fs.readFileSync(path.join(repo, "starec-llm", "1", "model.json"), "utf8"),
  };
  for (const [key, text] of Object.entries(expected)) {
    if ((cm.data?.[key] ?? "").trimEnd() !== text.trimEnd()) {
      problems.push(`ConfigMap/starec-triton-model-repository: ${key} differs from ${repo}/starec-llm (copy it again)`);
    }
  }
  return true;
}

let failed = 0;
for (const file of files) {
  const problems = [];
  const objects = [];
  for (const doc of parseAllDocuments(fs.readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      problems.push(`YAML: ${doc.errors[0].message}`);
      continue;
    }
    const obj = doc.toJSON();
    if (obj) objects.push(obj);
  }
  for (const obj of objects) {
    const id = `${obj.kind}/${obj.metadata?.name}`;
    if (!obj.apiVersion || !obj.kind || !obj.metadata?.name) {
      problems.push(`${id}: needs apiVersion, kind and metadata.name`);
      continue;
    }
    const Model = await modelClass(obj.apiVersion, obj.kind);
    if (!Model) {
      problems.push(`${id}: no schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      problems.push(`${id}: ${e.message}`);
    }
    if (!obj.apiVersion.includes("keda.sh")) {
      const strict = [];
      await strictCheck(obj, builtinTypeName(obj.apiVersion, obj.kind), id, strict);
      problems.push(...strict);
    }
  }
  referenceChecks(objects, problems);
  const drift = tritonRepo ? tritonDrift(objects, tritonRepo, problems) : false;
  const kinds = [...new Set(objects.map((o) => o.kind))].sort().join(", ");
  if (problems.length) {
    failed++;
    console.log(`FAIL ${file}: ${objects.length} objects`);
    for (const p of problems) console.log(`  - ${p}`);
  } else {
    console.log(`ok   ${file}: ${objects.length} objects (${kinds})${drift ? "; Triton ConfigMap matches deploy/triton" : ""}`);
  }
}
process.exit(failed ? 1 : 0);
