/**
 * Which offset of one partition is safe to commit. Records are admitted in offset order and
 * complete in any order; the committable offset is one past the highest offset below which
 * every admitted record completed, so a commit never passes unfinished work.
 */
export class CommitTracker {
  // Admitted offsets in order, each with whether it completed; completed heads are dropped.
  private readonly window: { offset: bigint; done: boolean }[] = [];
  private readonly byOffset = new Map<bigint, { offset: bigint; done: boolean }>();
  private next: bigint | undefined;
  private highestAdmitted: bigint | undefined;

  /** Registers a record about to be processed; offsets must arrive in increasing order. */
  admit(offset: string): void {
    const value = BigInt(offset);
    if (this.highestAdmitted !== undefined && value <= this.highestAdmitted) {
      throw new RangeError(`offset ${offset} admitted out of order`);
    }
    const entry = { offset: value, done: false };
    this.window.push(entry);
    this.byOffset.set(value, entry);
    this.highestAdmitted = value;
  }

  /** True when the offset was admitted before (a redelivery after a rebalance). */
  seen(offset: string): boolean {
    return this.highestAdmitted !== undefined && BigInt(offset) <= this.highestAdmitted;
  }

  /** Marks an admitted record as finished (handled or dead-lettered). */
  complete(offset: string): void {
    const entry = this.byOffset.get(BigInt(offset));
    if (!entry) return;
    entry.done = true;
    while (this.window[0]?.done) {
      const head = this.window.shift()!;
      this.byOffset.delete(head.offset);
      this.next = head.offset + 1n;
    }
  }

  /** The offset to commit (next to read), or undefined while nothing completed. */
  committable(): string | undefined {
    return this.next?.toString();
  }

  /** Records admitted and not completed yet. */
  get pending(): number {
    return this.byOffset.size;
  }
}
