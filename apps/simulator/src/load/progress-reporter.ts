import { SingleBar } from 'cli-progress';

/** What progress shows: the run's counters so far. */
export interface ProgressSnapshot {
  sent: number;
  success: number;
  elapsedMs: number;
}

/** What the run is heading for: a count of requests or a duration. */
export interface ProgressGoal {
  count?: number;
  durationMs?: number;
}

/** Shows a run's progress while it lasts. */
export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  stop(): void;
}

/**
 * A progress bar on a terminal (stderr, so that `--json` output on stdout stays clean);
 * elsewhere (CI logs, pipes) a plain line every `lineEveryMs`.
 */
export function createProgressReporter(
  goal: ProgressGoal,
  options: { tty: boolean; write: (line: string) => void; lineEveryMs?: number },
): ProgressReporter {
  return options.tty
    ? new BarReporter(goal)
    : new LineReporter(goal, options.write, options.lineEveryMs ?? 5_000);
}

class BarReporter implements ProgressReporter {
  private readonly bar = new SingleBar({
    format: '{bar} {percentage}% | {sent} sent | {success} success | {rate}/s | {elapsed}s',
    hideCursor: true,
    clearOnComplete: false,
  });
  private readonly byTime: boolean;

  constructor(goal: ProgressGoal) {
    this.byTime = goal.count === undefined;
    const total = goal.count ?? Math.ceil((goal.durationMs ?? 0) / 1000);
    this.bar.start(total, 0, { sent: 0, success: 0, rate: 0, elapsed: 0 });
  }

  update({ sent, success, elapsedMs }: ProgressSnapshot): void {
    const value = this.byTime ? Math.floor(elapsedMs / 1000) : sent;
    this.bar.update(value, { sent, success, ...rates(sent, elapsedMs) });
  }

  stop(): void {
    this.bar.stop();
  }
}

class LineReporter implements ProgressReporter {
  private lastAt = 0;

  constructor(
    private readonly goal: ProgressGoal,
    private readonly write: (line: string) => void,
    private readonly everyMs: number,
  ) {}

  update({ sent, success, elapsedMs }: ProgressSnapshot): void {
    if (elapsedMs - this.lastAt < this.everyMs) return;
    this.lastAt = elapsedMs;
    const { rate, elapsed } = rates(sent, elapsedMs);
    const of = this.goal.count === undefined ? '' : ` of ${this.goal.count}`;
    this.write(`${elapsed}s: sent ${sent}${of}, success ${success}, ${rate}/s`);
  }

  stop(): void {}
}

function rates(sent: number, elapsedMs: number): { rate: number; elapsed: number } {
  const seconds = elapsedMs / 1000;
  return { rate: seconds > 0 ? Math.round(sent / seconds) : 0, elapsed: Math.round(seconds) };
}
