/** A named dependency check for /health/ready: resolves true while the dependency answers. */
export type ReadinessProbe = () => Promise<boolean>;

/** Collects the probes an app's dependencies register, so /health/ready can ask them all. */
export class ReadinessRegistry {
  private readonly probes = new Map<string, ReadinessProbe>();

  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  /** Runs every probe; a probe that throws or takes longer than the timeout counts as down. */
  async check(timeoutMs = 2_000): Promise<Record<string, boolean>> {
    const entries = await Promise.all(
      [...this.probes].map(
        async ([name, probe]) => [name, await withTimeout(probe, timeoutMs)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
}

async function withTimeout(probe: ReadinessProbe, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([probe().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
