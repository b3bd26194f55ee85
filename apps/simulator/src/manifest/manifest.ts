import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { dedupeKey, parsePush } from '@oa-relay/wechat';
import { z } from 'zod';
import { SimError } from '../sim-error';
import type { WirePush } from '../wire/wire-push';

const entrySchema = z
  .object({
    appId: z.string().min(1),
    openId: z.string().min(1),
    kind: z.string().min(1),
    mode: z.enum(['plaintext', 'compatible', 'safe']),
    msgType: z.string().min(1),
    event: z.string().optional(),
    createTime: z.string().regex(/^\d+$/),
    msgId: z.string().optional(),
    dedupeKey: z.string().min(1),
  })
  .strict();

/**
 * One push the gateway acknowledged, as a line of the manifest (JSON Lines). `dedupeKey` is
 * the protocol library's, the gateway's own notion of "the same push".
 */
export type ManifestEntry = z.infer<typeof entrySchema>;

/** The manifest line of an acknowledged push. */
export function toManifestEntry(wire: WirePush): ManifestEntry {
  const { push } = wire;
  return {
    appId: push.appId,
    openId: push.openId,
    kind: push.kind,
    mode: wire.mode,
    msgType: push.msgType,
    ...(push.event === undefined ? {} : { event: push.event }),
    createTime: push.createTime,
    ...(push.msgId === undefined ? {} : { msgId: push.msgId }),
    dedupeKey: dedupeKey(push.appId, { push: parsePush(push.xml), xml: push.xml }),
  };
}

/** Appends acknowledged pushes to a manifest file, each push once however often it was resent. */
export class ManifestWriter {
  private readonly seen = new Set<string>();
  private readonly out: WriteStream;

  constructor(path: string) {
    this.out = createWriteStream(path, { flags: 'w' });
  }

  /** Records an acknowledged push; a retry of one already recorded is skipped. */
  add(wire: WirePush): void {
    const entry = toManifestEntry(wire);
    if (this.seen.has(entry.dedupeKey)) return;
    this.seen.add(entry.dedupeKey);
    this.out.write(`${JSON.stringify(entry)}\n`);
  }

  /** Distinct pushes recorded. */
  get size(): number {
    return this.seen.size;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.out.end(resolve));
  }
}

/** Reads a manifest; a line that is not an entry stops the read with its line number. */
export function readManifest(path: string): ManifestEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SimError('SIM_MANIFEST_MISSING', { path });
  }
  const lines = text.split('\n');
  return lines.flatMap((line, index) => {
    if (line.trim() === '') return [];
    try {
      return [entrySchema.parse(JSON.parse(line))];
    } catch {
      throw new SimError('SIM_MANIFEST_UNREADABLE', { path, line: index + 1 });
    }
  });
}
