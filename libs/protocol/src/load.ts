import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import type { ProtoGrpcType as SweepProto } from './generated/sweep.js';
import type { ProtoGrpcType as WorkerProto } from './generated/worker.js';
import { LOADER_OPTIONS } from './loader-options.js';

/** The repository's proto/ folder, found relative to this compiled file (libs/protocol/dist/load.js). */
export const PROTO_ROOT = fileURLToPath(new URL('../../../proto/', import.meta.url));

export type MemsweepProto = WorkerProto & SweepProto;

let cached: MemsweepProto | undefined;

/** Loads the wire contract once per process. */
export function loadProto(): MemsweepProto {
  if (!cached) {
    const definition = loadSync(['memsweep/v1/worker.proto', 'memsweep/v1/sweep.proto'], {
      ...LOADER_OPTIONS,
      includeDirs: [PROTO_ROOT],
    });
    cached = grpc.loadPackageDefinition(definition) as unknown as MemsweepProto;
  }
  return cached;
}
