import { z } from 'zod';
import { ConfigError, formatPath } from '@memsweep/sweep';

/**
 * Every gRPC input is checked here before it reaches the store. proto3 fills absent fields with defaults ('' and 0),
 * so "required" means "not the default".
 */
const id = z
  .string()
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters')
  // Ids are UUIDs and sweep names: anything else (control bytes, U+FFFD from invalid UTF-8 on the wire) is garbage.
  .regex(/^[\x21-\x7e]*$/, 'must be printable ASCII without spaces');
/** Free text for logs and the progress view: no control characters, no U+FFFD (bytes that were not UTF-8). */
const label = (max: number) => z.string().max(max, `must be at most ${max} characters`).regex(/^[^\p{Cc}\uFFFD]*$/u, 'must be text without control characters');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
const count = z.number().int().min(0).max(2 ** 31);

export const registerRequest = z.object({
  hostname: label(255),
  threads: z.number().int().min(1, 'must be at least 1').max(1024, 'must be at most 1024'),
  version: label(100),
  workerId: z.string().max(200, 'must be at most 200 characters').regex(/^[\x21-\x7e]*$/, 'must be printable ASCII without spaces'), // empty on first contact
});

export const leaseRequest = z.object({ workerId: id, maxTasks: z.number().int().min(1, 'must be at least 1').max(1024, 'must be at most 1024') });
export const heartbeatRequest = z.object({ workerId: id, taskIds: z.array(id).max(10_000) });
export const releaseRequest = heartbeatRequest;

export const completeTrainingRequest = z.object({
  workerId: id,
  taskId: id,
  artifactHash: sha256Hex,
  artifact: z.instanceof(Buffer).refine((b) => b.length > 0, 'is required'),
  backend: label(50).min(1, 'is required'),
  metaJson: z.string().max(1_000_000).refine(isJsonObject, 'must be a JSON object'),
  seconds: z.number().min(0).max(1e7),
});

const trialResults = z
  .array(z.object({ trial: count, correct: count, total: count.min(1, 'must be at least 1') }).refine((t) => t.correct <= t.total, { message: 'must not exceed total', path: ['correct'] }))
  .min(1, 'must hold at least one trial')
  .max(1_000_000);
const evaluationResult = z.object({ taskId: id, trials: trialResults, seconds: z.number().min(0).max(1e7) });

export const completeEvaluationRequest = evaluationResult.extend({ workerId: id });

/** A batch: at most 1024 shards and 1,000,000 trials in all, as for one shard. */
export const completeEvaluationsRequest = z.object({
  workerId: id,
  results: z
    .array(evaluationResult)
    .max(1024, 'must hold at most 1024 results')
    .refine((results) => results.reduce((n, r) => n + r.trials.length, 0) <= 1_000_000, 'must hold at most 1,000,000 trials in all'),
  leaseMaxTasks: z.number().int().min(0).max(1024, 'must be at most 1024'),
});

export const failTaskRequest = z.object({ workerId: id, taskId: id, error: z.string().max(10_000), retryable: z.boolean() });
export const getArtifactRequest = z.object({ hash: sha256Hex });
export const submitSweepRequest = z.object({ yaml: z.string().min(1, 'is required').max(1_000_000, 'must be at most 1 MB') });
export const getProgressRequest = z.object({ sweep: id });

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Parses a request or throws a ConfigError (→ INVALID_ARGUMENT) naming each bad field. */
export function parseRequest<T extends z.ZodType>(schema: T, request: unknown): z.output<T> {
  const parsed = schema.safeParse(request);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  return parsed.data;
}
