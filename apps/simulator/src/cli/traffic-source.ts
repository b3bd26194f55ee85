import type { PushSource } from '../load/load-runner';
import { PushGenerator } from '../pushes/push-generator';
import { parseMix } from '../pushes/push-mix';
import { RandomSource } from '../pushes/random-source';
import { findSamplesDir, loadSamples } from '../pushes/sample-pushes';
import type { SimPush } from '../pushes/sim-push';
import { SimError } from '../sim-error';
import type { SimAccount } from '../wire/sim-account';
import { chooseMode, toWirePush, type ModeChoice } from '../wire/wire-push';

/** Where pushes come from: the samples (one pass per account) or the generator (endless). */
export interface TrafficSourceOptions {
  accounts: readonly SimAccount[];
  mode: ModeChoice;
  /** `true` for ../shared/samples/pushes, a directory, or undefined to generate. */
  samples?: string | boolean;
  asIs?: boolean;
  mix: string;
  users: number;
  seed?: number;
}

/**
 * A source of wire-ready pushes. Each is signed when it is taken, not before, so that its
 * timestamp is fresh however long the run lasts (the gateway refuses stale ones).
 */
export function createTrafficSource(options: TrafficSourceOptions): PushSource {
  const byAppId = new Map(options.accounts.map((a) => [a.appId, a]));
  const rng = new RandomSource(options.seed === undefined ? undefined : options.seed + 2);
  for (const account of options.accounts) chooseMode(options.mode, account, rng);
  const next = options.samples ? sampleQueue(options) : generated(options);

  return () => {
    const push = next();
    if (!push) return undefined;
    const account = byAppId.get(push.appId)!;
    return toWirePush(push, account, chooseMode(options.mode, account, rng));
  };
}

function sampleQueue(options: TrafficSourceOptions): () => SimPush | undefined {
  const dir = typeof options.samples === 'string' ? options.samples : findSamplesDir();
  if (dir === undefined) throw new SimError('SIM_SAMPLES_UNREADABLE', { dir: '../shared' });
  let id = BigInt(Date.now()) * 1_000_000n + 500_000n;
  const nextId = () => String(id++);
  const pushes = options.accounts.flatMap((account) =>
    loadSamples(dir, account, { asIs: options.asIs, nextId }),
  );
  let index = 0;
  return () => pushes[index++];
}

function generated(options: TrafficSourceOptions): () => SimPush {
  const generator = new PushGenerator({
    targets: options.accounts,
    mix: parseMix(options.mix),
    users: options.users,
    seed: options.seed,
  });
  return () => generator.next();
}
