import type { DeadLetterStage } from '@oa-relay/events';
import type { StoredDeadLetter } from './dead-letter-reader';
import type { KafkaPublisher } from './kafka-publisher';

/** Which dead letters to list or replay; an empty filter matches all. */
export interface DeadLetterFilter {
  stages?: DeadLetterStage[];
  codes?: string[];
  eventIds?: string[];
}

/** Dead letters of one stage and code: how many, and a few for a human to look at. */
export interface DeadLetterGroup {
  stage: DeadLetterStage;
  code: string;
  count: number;
  samples: StoredDeadLetter[];
}

/** The `eventId` of a dead letter's original payload, when it has one. */
export function deadLetterEventId(stored: StoredDeadLetter): string | undefined {
  try {
    const id = (JSON.parse(stored.letter.payload) as { eventId?: unknown } | null)?.eventId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the dead letters every given criterion matches. */
export function filterDeadLetters(
  letters: StoredDeadLetter[],
  filter: DeadLetterFilter,
): StoredDeadLetter[] {
  return letters.filter(
    (s) =>
      (!filter.stages?.length || filter.stages.includes(s.letter.stage)) &&
      (!filter.codes?.length || filter.codes.includes(s.letter.code)) &&
      (!filter.eventIds?.length || filter.eventIds.includes(deadLetterEventId(s) ?? '')),
  );
}

/** Groups dead letters by stage and code, largest group first, with up to `samples` each. */
export function summarizeDeadLetters(letters: StoredDeadLetter[], samples = 3): DeadLetterGroup[] {
  const groups = new Map<string, DeadLetterGroup>();
  for (const stored of letters) {
    const id = `${stored.letter.stage}\u0000${stored.letter.code}`;
    const group = groups.get(id) ?? {
      stage: stored.letter.stage,
      code: stored.letter.code,
      count: 0,
      samples: [],
    };
    group.count += 1;
    if (group.samples.length < samples) group.samples.push(stored);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Header naming the dead letter a replayed record came from (`<dlq topic>/<partition>/<offset>`). */
export const REPLAY_HEADER = 'x-oa-relay-replay-of';

/**
 * Publishes each dead letter's original payload, unchanged, to its source topic with its
 * original key and headers, in order; resolves with how many were replayed. Publishes go
 * out in windows (one produce request each), and a failure stops the replay there.
 */
export async function replayDeadLetters(
  publisher: KafkaPublisher,
  dlqTopic: string,
  letters: StoredDeadLetter[],
  onProgress: (done: number) => void = () => undefined,
): Promise<number> {
  const window = 200;
  let done = 0;
  for (let start = 0; start < letters.length; start += window) {
    const chunk = letters.slice(start, start + window);
    await Promise.all(chunk.map((stored) => replayOne(publisher, dlqTopic, stored)));
    done += chunk.length;
    onProgress(done);
  }
  return done;
}

// One batch in flight at a time keeps the chunk's order per key on the source topic.
function replayOne(
  publisher: KafkaPublisher,
  dlqTopic: string,
  stored: StoredDeadLetter,
): Promise<void> {
  const { source, payload } = stored.letter;
  const headers = {
    ...stored.headers,
    [REPLAY_HEADER]: `${dlqTopic}/${stored.partition}/${stored.offset}`,
  };
  return publisher.publish(
    source.topic,
    { key: source.key, value: payload, headers },
    { timeoutMs: 30_000 },
  );
}
