/**
 * A fake kubectl for the rollout script's tests: it keeps nodes, pods and the MIG Manager
 * ConfigMap in a JSON file (FAKE_KUBECTL_STATE), logs every call (FAKE_KUBECTL_LOG) and
 * simulates MIG Manager: a new `nvidia.com/mig.config` makes the node `pending`, then `success`
 * (or `failed` for a node marked `fail`) after a couple of polls; a restart of the MIG Manager
 * DaemonSet re-applies a failed node's config. It answers only the commands the script uses.
 */
const fs = require('fs');

const STATE = process.env.FAKE_KUBECTL_STATE;
const LOG = process.env.FAKE_KUBECTL_LOG;
const state = JSON.parse(fs.readFileSync(STATE, 'utf8'));
let args = process.argv.slice(2);
fs.appendFileSync(LOG, `${args.join(' ')}\n`);
const save = () => fs.writeFileSync(STATE, JSON.stringify(state, null, 2));
const fail = (msg, code = 1) => {
  process.stderr.write(`${msg}\n`);
  process.exit(code);
};

// -n NAMESPACE anywhere
const ns = args.indexOf('-n');
if (ns >= 0) args = [...args.slice(0, ns), ...args.slice(ns + 2)];

const POLLS_TO_SETTLE = 2;

function node(name) {
  const n = state.nodes[name];
  if (!n) fail(`Error from server (NotFound): nodes "${name}" not found`);
  return n;
}

function settle(n) {
  const key = 'nvidia.com/mig.config.state';
  if (n.labels[key] !== 'pending') return;
  n.polls = (n.polls ?? POLLS_TO_SETTLE) - 1;
  if (n.polls <= 0) {
    n.labels[key] = n.fail ? 'failed' : 'success';
    delete n.polls;
  }
}

function jsonpathOf(arg) {
  const i = args.indexOf('-o');
  const o = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('-o'))?.slice(2);
  return o && o.startsWith('jsonpath=') ? o.slice('jsonpath='.length) : undefined;
}

const [verb, kind, name] = args;
if (verb === 'get' && kind === 'node') {
  const n = node(name);
  const path = jsonpathOf();
  const label = /^\{\.metadata\.labels\.(.+)\}$/.exec(path ?? '');
  if (label) {
    const key = label[1].replace(/\\\./g, '.');
    if (key === 'nvidia.com/mig.config.state') settle(n);
    save();
    process.stdout.write(n.labels[key] ?? '');
  } else if (path === '{.spec.unschedulable}') {
    process.stdout.write(n.unschedulable ? 'true' : '');
  } else fail(`fake kubectl: unsupported output ${path}`);
} else if (verb === 'get' && kind === 'pods') {
  const selector = args[args.indexOf('--field-selector') + 1];
  const nodeName = selector.replace('spec.nodeName=', '');
  for (const p of state.pods.filter((x) => x.node === nodeName && !x.deleted)) {
    process.stdout.write(`${p.namespace} ${p.name} ${p.phase} ${JSON.stringify(p.limits)}\n`);
  }
} else if (verb === 'get' && kind === 'configmap') {
  process.stdout.write(state.configYaml);
} else if (verb === 'create' && kind === '--raw') {
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/eviction$/.exec(name);
  if (!m) fail(`fake kubectl: unsupported raw path ${name}`);
  const body = JSON.parse(fs.readFileSync(0, 'utf8'));
  if (body.kind !== 'Eviction' || body.metadata.name !== m[2] || body.metadata.namespace !== m[1]) fail('fake kubectl: the eviction body does not name the pod');
  const pod = state.pods.find((p) => p.namespace === m[1] && p.name === m[2] && !p.deleted);
  if (!pod) fail(`Error from server (NotFound): pods "${m[2]}" not found`);
  if (pod.pdbRefusals > 0) {
    pod.pdbRefusals--;
    save();
    fail('Error from server (TooManyRequests): Cannot evict pod as it would violate the pod\'s disruption budget.');
  }
  pod.deleted = true;
  save();
} else if (verb === 'cordon' || verb === 'uncordon') {
  node(kind).unschedulable = verb === 'cordon';
  save();
  process.stdout.write(`node/${kind} ${verb}ed\n`);
} else if (verb === 'label' && kind === 'node') {
  const n = node(name);
  const edits = args.slice(3).filter((a) => a !== '--overwrite');
  // One update, as the API server applies it: removals, then values (and MIG Manager reacts to the result).
  for (const a of edits.filter((x) => x.endsWith('-'))) delete n.labels[a.slice(0, -1)];
  for (const a of edits.filter((x) => !x.endsWith('-'))) {
    const [k, v] = a.split('=');
    const changed = n.labels[k] !== v;
    n.labels[k] = v;
    if (k === 'nvidia.com/mig.config' && changed) n.labels['nvidia.com/mig.config.state'] = 'pending';
  }
  save();
} else if (verb === 'rollout' && kind === 'restart') {
  // MIG Manager re-applies each node's config when it starts: a failed node tries again.
  for (const n of Object.values(state.nodes)) if (n.labels['nvidia.com/mig.config.state'] === 'failed') n.labels['nvidia.com/mig.config.state'] = 'pending';
  state.restarts = (state.restarts ?? 0) + 1;
  save();
} else if (verb === 'rollout' && kind === 'status') {
  process.stdout.write('daemon set "nvidia-mig-manager" successfully rolled out\n');
} else {
  fail(`fake kubectl: unsupported command: ${args.join(' ')}`);
}
