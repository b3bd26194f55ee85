import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dedupeKey, parsePush } from '@oa-relay/wechat';
import { PushGenerator } from '../pushes/push-generator';
import { parseMix } from '../pushes/push-mix';
import { toWirePush } from '../wire/wire-push';
import type { SimAccount } from '../wire/sim-account';
import { ManifestWriter, readManifest, toManifestEntry } from './manifest';

const account: SimAccount = {
  appId: 'wx5a1e0000000000a1',
  originalId: 'gh_5a1e00000001',
  token: 'simulatorSpecToken',
  requireEncryption: false,
};
const dir = mkdtempSync(join(tmpdir(), 'sim-manifest-'));
const gen = new PushGenerator({ targets: [account], mix: parseMix('uniform'), users: 50, seed: 5 });

describe(ManifestWriter.name, () => {
  it('writes each acknowledged push once, and reads back what it wrote', async () => {
    const wires = Array.from({ length: 60 }, () => toWirePush(gen.next(), account, 'plaintext'));
    const path = join(dir, 'a.jsonl');
    const writer = new ManifestWriter(path);
    for (const wire of [...wires, wires[0], wires[7], wires[7]]) writer.add(wire);
    await writer.close();

    const entries = readManifest(path);
    expect(writer.size).toBe(60);
    expect(entries).toEqual(wires.map(toManifestEntry));
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(60);
  });

  it("keys each push by the protocol library's dedupe key", () => {
    const wire = toWirePush(gen.next(), account, 'plaintext');
    const entry = toManifestEntry(wire);

    expect(entry.dedupeKey).toBe(
      dedupeKey(account.appId, { push: parsePush(wire.body), xml: wire.body }),
    );
    expect(entry).toMatchObject({
      appId: account.appId,
      openId: wire.push.openId,
      mode: 'plaintext',
    });
  });

  it('names the line that is not an entry', () => {
    const path = join(dir, 'bad.jsonl');
    const good = JSON.stringify(toManifestEntry(toWirePush(gen.next(), account, 'plaintext')));
    writeFileSync(path, `${good}\n\n{"appId":"wx"}\n`);

    expect(() => readManifest(path)).toThrow(
      expect.objectContaining({ code: 'SIM_MANIFEST_UNREADABLE', fields: { path, line: 3 } }),
    );
  });

  it('says the manifest is missing, not malformed, when the file does not exist', () => {
    const path = join(dir, 'none.jsonl');

    expect(() => readManifest(path)).toThrow(
      expect.objectContaining({ code: 'SIM_MANIFEST_MISSING', fields: { path } }),
    );
  });
});
