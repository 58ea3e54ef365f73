// The piscina task file of tools/bench-orchestration.mjs: a worker pool that evaluates nothing. A probe answers at once;
// an evaluation shard answers synthetic trials after BENCH_DELAY_MS of wall-clock waiting (a timer, no CPU), which
// emulates a remote worker whose shard takes that long. BENCH_DELAY_MS=0 answers at once (a pure no-op shard).
const delayMs = Number(process.env.BENCH_DELAY_MS ?? '0');

export default async function noopTask(request) {
  if (request.kind === 'probe') return { kind: 'probe', backend: 'none' };
  if (request.kind !== 'evaluate') throw new Error(`bench pool: unexpected '${request.kind}' task (the bench trains nothing)`);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const trials = [];
  for (let k = request.trialStart; k < request.trialEnd; k++) trials.push({ trial: k, correct: 1, total: 2 });
  return { kind: 'evaluate', backend: 'none', trials };
}
