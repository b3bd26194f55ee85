import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

type Config<T extends string> = { name: string; help: string; labelNames?: readonly T[] };

// Several publishers or consumers may share one app registry (and tests build many): the
// first registers a metric, the others reuse it instead of failing on a duplicate name.
function reuse<M>(registry: Registry | undefined, name: string, create: () => M): M {
  const existing = registry?.getSingleMetric(name);
  return existing ? (existing as M) : create();
}

/** A counter registered once in `registry` (or unregistered when there is none). */
export function counter<T extends string>(registry: Registry | undefined, config: Config<T>) {
  return reuse(
    registry,
    config.name,
    () => new Counter<T>({ ...config, registers: registers(registry) }),
  );
}

/** A gauge registered once in `registry` (or unregistered when there is none). */
export function gauge<T extends string>(registry: Registry | undefined, config: Config<T>) {
  return reuse(
    registry,
    config.name,
    () => new Gauge<T>({ ...config, registers: registers(registry) }),
  );
}

/** A histogram registered once in `registry` (or unregistered when there is none). */
export function histogram<T extends string>(
  registry: Registry | undefined,
  config: Config<T> & { buckets: number[] },
) {
  return reuse(
    registry,
    config.name,
    () => new Histogram<T>({ ...config, registers: registers(registry) }),
  );
}

function registers(registry: Registry | undefined): Registry[] {
  return registry ? [registry] : [];
}
