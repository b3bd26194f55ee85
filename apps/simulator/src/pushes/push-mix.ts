import { SimError } from '../sim-error';
import type { PushKind } from './push-kind';
import { PUSH_KINDS } from './push-kinds';
import type { RandomSource } from './random-source';

/** Relative weights of kinds, as seen on busy retail accounts: chat, menus, send results. */
const REALISTIC: Readonly<Record<string, number>> = {
  'msg-text': 30,
  'msg-text-from-article': 2,
  'msg-image': 6,
  'msg-voice': 3,
  'event-subscribe': 5,
  'event-subscribe-scan': 3,
  'event-unsubscribe': 2,
  'event-scan': 3,
  'event-location': 10,
  'event-click': 8,
  'event-view': 6,
  'event-view-miniprogram': 2,
  'event-template-send-finish': 10,
  'event-subscribe-msg-popup': 2,
  'event-subscribe-msg-sent': 3,
};

/** A weighted choice of push kinds. */
export class PushMix {
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(readonly weights: ReadonlyMap<PushKind, number>) {
    this.total = 0;
    this.cumulative = [];
    for (const weight of weights.values()) {
      this.total += weight;
      this.cumulative.push(this.total);
    }
    if (this.total <= 0) throw new SimError('SIM_BAD_OPTION', { option: 'mix', reason: 'empty' });
  }

  /** Draws one kind according to the weights. */
  pick(rng: RandomSource): PushKind {
    const target = rng.next() * this.total;
    const kinds = [...this.weights.keys()];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return kinds[low];
  }
}

/**
 * Reads a mix: a comma-separated list of presets (`uniform`, `realistic`) and `pattern=weight`
 * entries, where a pattern is a kind name or ends in `*` (`msg-*=2`); later entries win.
 */
export function parseMix(spec: string): PushMix {
  const weights = new Map<PushKind, number>();
  for (const entry of spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    applyMixEntry(weights, entry);
  }
  for (const [kind, weight] of weights) if (weight === 0) weights.delete(kind);
  return new PushMix(weights);
}

function applyMixEntry(weights: Map<PushKind, number>, entry: string): void {
  if (entry === 'uniform') {
    for (const kind of PUSH_KINDS) weights.set(kind, 1);
    return;
  }
  if (entry === 'realistic') {
    for (const kind of PUSH_KINDS) weights.set(kind, REALISTIC[kind.name] ?? 1);
    return;
  }
  const match = /^([a-z*-]+)=(\d+(?:\.\d+)?)$/.exec(entry);
  if (!match) throw new SimError('SIM_BAD_OPTION', { option: 'mix', entry });
  const [, pattern, weight] = match;
  const kinds = PUSH_KINDS.filter((kind) =>
    pattern.endsWith('*') ? kind.name.startsWith(pattern.slice(0, -1)) : kind.name === pattern,
  );
  if (kinds.length === 0) throw new SimError('SIM_UNKNOWN_KIND', { kind: pattern });
  for (const kind of kinds) weights.set(kind, Number(weight));
}
