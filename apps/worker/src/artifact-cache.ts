import { createHash } from 'node:crypto';

/** Trained models fetched from the coordinator, verified against their content hash and kept in memory (LRU). */
export class ArtifactCache {
  private readonly entries = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly fetch: (hash: string) => Promise<Uint8Array>,
    private readonly capacity = 16,
  ) {}

  get(hash: string): Promise<Uint8Array> {
    let entry = this.entries.get(hash);
    if (entry) {
      this.entries.delete(hash);
      this.entries.set(hash, entry);
      return entry;
    }
    entry = this.fetch(hash).then((bytes) => {
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== hash) throw new Error(`artifact ${hash} arrived with hash ${actual}`);
      return bytes;
    });
    entry.catch(() => this.entries.delete(hash));
    this.entries.set(hash, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}
