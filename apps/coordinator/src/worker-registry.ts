import { randomUUID } from 'node:crypto';

export interface WorkerRecord {
  workerId: string;
  hostname: string;
  threads: number;
  version: string;
  lastSeen: number;
}

/**
 * Workers the coordinator has heard from. Kept in memory on purpose: nothing here is needed to resume a sweep
 * (leases live in the database), so a restarted coordinator simply relearns its workers as they call in.
 */
export class WorkerRegistry {
  private readonly workers = new Map<string, WorkerRecord>();

  constructor(private readonly staleAfterMs: number) {}

  register(info: Omit<WorkerRecord, 'lastSeen' | 'workerId'> & { workerId: string }): WorkerRecord {
    const workerId = info.workerId || randomUUID();
    const record = { ...info, workerId, lastSeen: Date.now() };
    this.workers.set(workerId, record);
    return record;
  }

  touch(workerId: string): void {
    const record = this.workers.get(workerId);
    if (record) record.lastSeen = Date.now();
    else this.workers.set(workerId, { workerId, hostname: '', threads: 0, version: '', lastSeen: Date.now() });
  }

  list(): Array<WorkerRecord & { state: 'active' | 'stale' }> {
    const now = Date.now();
    return [...this.workers.values()].map((w) => ({ ...w, state: now - w.lastSeen > this.staleAfterMs ? 'stale' : 'active' }));
  }
}
