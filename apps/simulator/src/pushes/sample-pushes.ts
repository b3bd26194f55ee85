import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SimError } from '../sim-error';
import type { SimPush, SimTarget } from './sim-push';
import { topLevelFields } from './top-level-fields';

/** How to turn the sample files into pushes for one account. */
export interface SampleOptions {
  /** Keep each sample byte for byte; otherwise it is addressed and dated afresh (below). */
  asIs?: boolean;
  /** Milliseconds since the epoch, for CreateTime. */
  clock?: () => number;
  /** Fresh MsgId / MsgID values, so that a second run is not taken for WeChat's retry. */
  nextId: () => string;
}

/** ../shared/samples/pushes beside the repository, found by walking up from here. */
export function findSamplesDir(from: string = __dirname): string | undefined {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, '..', 'shared', 'samples', 'pushes');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The sample pushes, one per file, in name order. Unless `asIs`, each is addressed to the
 * target's original id, dated now and given fresh ids: the gateway would otherwise take a
 * second run for WeChat retrying the first and store nothing new.
 */
export function loadSamples(dir: string, target: SimTarget, options: SampleOptions): SimPush[] {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.xml'))
        .sort()
    : [];
  if (files.length === 0) throw new SimError('SIM_SAMPLES_UNREADABLE', { dir });
  const clock = options.clock ?? Date.now;

  return files.map((file) => {
    let xml = readFileSync(join(dir, file), 'utf8').trim();
    if (!options.asIs) xml = refresh(xml, target, String(Math.floor(clock() / 1000)), options);
    const fields = topLevelFields(xml);
    return {
      kind: basename(file, '.xml'),
      appId: target.appId,
      toUserName: fields.ToUserName,
      openId: fields.FromUserName,
      createTime: fields.CreateTime,
      msgType: fields.MsgType,
      event: fields.Event,
      msgId: fields.MsgId ?? fields.MsgID,
      xml,
    };
  });
}

function refresh(xml: string, target: SimTarget, now: string, options: SampleOptions): string {
  return xml
    .replace(
      /<ToUserName>[\s\S]*?<\/ToUserName>/,
      `<ToUserName><![CDATA[${target.originalId}]]></ToUserName>`,
    )
    .replace(/<CreateTime>\d+<\/CreateTime>/, `<CreateTime>${now}</CreateTime>`)
    .replace(
      /<(MsgId|MsgID)>\d+<\/\1>/g,
      (_, name: string) => `<${name}>${options.nextId()}</${name}>`,
    );
}
