// Offline checks of the monitoring stack of docker-compose.yml (no Prometheus, Grafana or Docker needed).
//
// Usage: node validate-monitoring.mjs REPO_ROOT
//   1. deploy/prometheus/prometheus.yml scrapes exactly the compose services stream-app, gateway and trainer on
//      the port their STAREC_HTTP_PORT sets, at /metrics;
//   2. docker-compose.yml mounts prometheus.yml, the Grafana provisioning and the dashboards where the
//      provisioning expects them;
//   3. the Grafana datasource points at the compose prometheus service, and every panel and query of every
//      dashboard uses that datasource's uid, has a PromQL expression with balanced brackets, and queries only
//      metrics of the STARec services (starec_*, jvm_*). cli's ClientCommandsIT checks those names against what
//      the running services export.
// Prints one line per file and exits 1 on any problem.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const root = process.argv[2];
if (!root) {
  console.error("usage: node validate-monitoring.mjs REPO_ROOT");
  process.exit(2);
}
const problems = [];
const read = (rel) => fs.readFileSync(path.join(root, rel), "utf8");
const yaml = (rel) => parse(read(rel), { merge: true });

// 1. prometheus.yml against the compose services
const compose = yaml("docker-compose.yml");
const prom = yaml("deploy/prometheus/prometheus.yml");
const wanted = ["stream-app", "gateway", "trainer"];
const scraped = new Map();
for (const job of prom.scrape_configs || []) {
  if ((job.metrics_path || "/metrics") !== "/metrics") problems.push(`prometheus.yml: job ${job.job_name} scrapes ${job.metrics_path}`);
  for (const sc of job.static_configs || []) for (const t of sc.targets || []) {
    const [host, port] = t.split(":");
    scraped.set(host, port);
  }
}
for (const service of wanted) {
  const s = compose.services?.[service];
  if (!s) { problems.push(`docker-compose.yml: no service ${service}`); continue; }
  const port = String(s.environment?.STAREC_HTTP_PORT ?? "");
  if (!scraped.has(service)) problems.push(`prometheus.yml: service ${service} is not scraped`);
  else if (scraped.get(service) !== port) problems.push(`prometheus.yml: ${service}:${scraped.get(service)} but its STAREC_HTTP_PORT is ${port}`);
}
for (const host of scraped.keys()) if (!wanted.includes(host)) problems.push(`prometheus.yml: unknown target host ${host}`);
console.log(`deploy/prometheus/prometheus.yml: ${scraped.size} targets`);

// 2. the mounts
const mounts = (service) => (compose.services?.[service]?.volumes || []).map((v) => String(v).split(":"));
const mountOf = (service, source) => (mounts(service).find(([src]) => src === source) || [])[1];
if (!mountOf("prometheus", "./deploy/prometheus/prometheus.yml")) problems.push("docker-compose.yml: prometheus does not mount deploy/prometheus/prometheus.yml");
if (mountOf("grafana", "./deploy/grafana/provisioning") !== "/etc/grafana/provisioning") problems.push("docker-compose.yml: grafana does not mount the provisioning at /etc/grafana/provisioning");
const dashboardsMount = mountOf("grafana", "./deploy/grafana/dashboards");

// 3. datasource, dashboards provider, dashboards
const ds = yaml("deploy/grafana/provisioning/datasources/prometheus.yml").datasources || [];
const prometheusDs = ds.filter((d) => d.type === "prometheus");
if (prometheusDs.length !== 1) problems.push(`grafana datasources: ${prometheusDs.length} prometheus datasources, want 1`);
const uid = prometheusDs[0]?.uid;
const dsHost = (prometheusDs[0]?.url || "").replace(/^https?:\/\//, "").split(":")[0];
if (!compose.services?.[dsHost]) problems.push(`grafana datasource url ${prometheusDs[0]?.url}: no compose service ${dsHost}`);
const providers = yaml("deploy/grafana/provisioning/dashboards/starec.yml").providers || [];
if (!providers.some((p) => p.options?.path === dashboardsMount)) problems.push(`grafana dashboards provider path is not the dashboards mount ${dashboardsMount}`);

const metricName = /\b(?:starec|jvm|process|kafka)_[a-zA-Z0-9_]*/g;
const dashDir = "deploy/grafana/dashboards";
for (const file of fs.readdirSync(path.join(root, dashDir)).filter((f) => f.endsWith(".json"))) {
  const rel = `${dashDir}/${file}`;
  let dash;
  try { dash = JSON.parse(read(rel)); } catch (e) { problems.push(`${rel}: ${e.message}`); continue; }
  if (!dash.uid || !dash.title) problems.push(`${rel}: no uid or title`);
  const ids = new Set();
  const names = new Set();
  const panels = (dash.panels || []).flatMap((p) => [p, ...(p.panels || [])]);
  for (const p of panels) {
    if (ids.has(p.id)) problems.push(`${rel}: panel id ${p.id} twice`);
    ids.add(p.id);
    if (!p.gridPos) problems.push(`${rel}: panel ${p.id} has no gridPos`);
    if (p.type === "row") continue;
    if (p.datasource?.uid !== uid) problems.push(`${rel}: panel "${p.title}" uses datasource ${p.datasource?.uid}, not ${uid}`);
    if (!(p.targets || []).length) problems.push(`${rel}: panel "${p.title}" has no query`);
    for (const t of p.targets || []) {
      if (t.datasource?.uid !== uid) problems.push(`${rel}: a query of "${p.title}" uses datasource ${t.datasource?.uid}`);
      const expr = t.expr || "";
      if (!expr.trim()) { problems.push(`${rel}: an empty query in "${p.title}"`); continue; }
      let depth = 0;
      for (const c of expr.replace(/"[^"]*"/g, "")) {
        depth += "([{".includes(c) ? 1 : ")]}".includes(c) ? -1 : 0;
        if (depth < 0) break;
      }
      if (depth !== 0) problems.push(`${rel}: unbalanced brackets in "${expr}"`);
      const found = expr.replace(/"[^"]*"/g, "").match(metricName) || [];
      if (found.length === 0) problems.push(`${rel}: "${expr}" queries no STARec metric`);
      found.forEach((n) => names.add(n));
    }
  }
  console.log(`${rel}: ${panels.length} panels, ${names.size} metrics`);
}
if (problems.length) {
  problems.forEach((p) => console.error("  " + p));
  process.exit(1);
}
