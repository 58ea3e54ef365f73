#!/usr/bin/env bash
# Regenerates the TypeScript types of the wire contract from proto/ with the same options the runtime loader uses
# (libs/protocol/src/loader-options.ts). The output is committed; a spec checks it is current.
# Usage: tools/generate-proto-types.sh [out-dir]   (default: libs/protocol/src/generated)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-libs/protocol/src/generated}
rm -rf "$out"
npx --no-install proto-loader-gen-types memsweep/v1/worker.proto memsweep/v1/sweep.proto \
  --longs=Number --enums=String --defaults --oneofs --includeComments --grpcLib=@grpc/grpc-js \
  --outDir="$out" --includeDirs=proto >/dev/null
# NodeNext ESM needs explicit extensions on relative imports.
find "$out" -name '*.ts' -exec sed -i -E "s#(from '\./[^']+)'#\1.js'#; s#(from '\.\./[^']+)'#\1.js'#" {} +
