#!/usr/bin/env bash
# Proves the packaging promises on the packed tarball, in scratch folders (needs the npm registry):
# - a cdk8s-only user installs no Pulumi package; a Pulumi-only user installs no cdk8s; the core needs neither;
# - `mig-constructs`, `mig-constructs/cdk8s` and `mig-constructs/pulumi` type-check under the CommonJS
#   default (moduleResolution node10, via typesVersions) and under node16 (via exports), and load at run time;
# - the `mig` binary runs.
# Usage: bash scripts/check-package.sh   (after `npx projen compile`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"

scratch() { # name, packages...
  local dir="$work/$1"; shift
  mkdir -p "$dir" && cd "$dir"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error "$tarball" typescript@5.9.3 @types/node@20 "$@" >/dev/null
}
typecheck() { # file, module, resolution
  npx tsc --noEmit --strict --skipLibCheck --esModuleInterop --target ES2022 --module "$2" --moduleResolution "$3" "$1"
}
absent() { for p in "$@"; do if [ -e "node_modules/$p" ]; then echo "FAIL: $p was installed"; exit 1; fi; done; }

scratch cdk8s-only cdk8s@2.70.106 constructs@10.8.1 cdk8s-plus-28@2.5.6
absent @pulumi/pulumi @pulumi/kubernetes
cat > app.ts <<'TS'
import { App, Chart } from 'cdk8s';
import { fitProfiles } from 'mig-constructs';
import { MigCluster, MigNodePool } from 'mig-constructs/cdk8s';
const chart = new Chart(new App(), 'c');
const cluster = new MigCluster(chart, 'gpus', { strategy: 'mixed' });
new MigNodePool(cluster, 'p', { gpu: 'H100-80GB', gpusPerNode: 8, nodes: 1, layout: { '1g.10gb': 7 } });
console.log(fitProfiles('H100-80GB', { '1g.10gb': 7 }).fits, cluster.operatorValuesYaml().split('\n')[1]);
TS
typecheck app.ts commonjs node10 && typecheck app.ts node16 node16
npx tsc --strict --skipLibCheck --esModuleInterop --target ES2022 --module commonjs app.ts && node app.js
echo "cdk8s-only: no @pulumi packages installed; node10 and node16 type-check; runs"

scratch pulumi-only @pulumi/pulumi@3.248.0 @pulumi/kubernetes@4.34.2
absent cdk8s constructs cdk8s-plus-28
cat > app.ts <<'TS'
import { MigCluster, MigNodePool } from 'mig-constructs/pulumi';
export function build() {
  const cluster = new MigCluster('gpus', { strategy: 'mixed' });
  return new MigNodePool('p', { cluster, gpu: 'A100-40GB', gpusPerNode: 8, nodes: 1, layout: { '1g.5gb': 7 } });
}
TS
typecheck app.ts commonjs node10 && typecheck app.ts node16 node16
node -e "const m = require('mig-constructs/pulumi'); if (typeof m.MigCluster !== 'function') process.exit(1)"
echo "pulumi-only: no cdk8s packages installed; node10 and node16 type-check; loads"

scratch core-only
absent cdk8s constructs @pulumi/pulumi @pulumi/kubernetes
node -e "const m = require('mig-constructs'); console.log(m.fitProfiles('A30', { '4g.24gb': 1 }).fits)"
npx mig catalog A30 | tail -3
echo "core-only: neither framework installed; the core and the mig binary work"
