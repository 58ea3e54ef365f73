/**
 * Coalesces completions into batched calls, Nagle-style: an item submitted while no call is in flight is sent at once
 * (alone, no added latency); items submitted while a call is in flight wait for it and go together in the next call.
 * So a slow worker sends one completion per call and a fast one sends many, with at most one call in flight.
 *
 * If a batched call fails, each of its items is retried alone so that one bad result cannot fail the others.
 */
export class CompletionBatcher<Item, Outcome> {
  private readonly waiting: Array<{ item: Item; resolve: (o: Outcome) => void; reject: (e: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;

  /**
   * @param send delivers a batch and answers one outcome per item, in order.
   * @param maxBatch the most items per call.
   */
  constructor(
    private readonly send: (items: Item[]) => Promise<Outcome[]>,
    private readonly maxBatch = 1024,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a whole number ≥ 1, got ${maxBatch}`);
  }

  /** Queues an item; resolves to its outcome once its batch was answered. */
  submit(item: Item): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.flushing ??= this.flush().finally(() => (this.flushing = null));
    });
  }

  /** Resolves once nothing is waiting or in flight. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Items submitted but not answered yet. */
  get pending(): number {
    return this.waiting.length;
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.slice(0, this.maxBatch);
      try {
        const outcomes = await this.send(batch.map((b) => b.item));
        if (outcomes.length !== batch.length) throw new Error(`expected ${batch.length} outcomes, got ${outcomes.length}`);
        this.waiting.splice(0, batch.length);
        batch.forEach((b, i) => b.resolve(outcomes[i]));
      } catch (err) {
        this.waiting.splice(0, batch.length);
        if (batch.length === 1) batch[0].reject(err);
        else for (const b of batch) await this.send([b.item]).then(([o]) => b.resolve(o), b.reject);
      }
    }
  }
}
