import { readdirSync, readFileSync } from 'node:fs';
import {
  buildPushRequest,
  createPushAccount,
  openPush,
  parsePush,
  parseXmlRecord,
  type PushMode,
} from '@oa-relay/wechat';
import { RandomSource } from './random-source';
import { PushGenerator } from './push-generator';
import { PUSH_KINDS } from './push-kinds';
import { parseMix } from './push-mix';
import { findSamplesDir } from './sample-pushes';
import { chooseMode, toWirePush } from '../wire/wire-push';
import type { SimAccount } from '../wire/sim-account';

const account: SimAccount = {
  appId: 'wx5a1e0000000000a1',
  originalId: 'gh_5a1e00000001',
  token: 'simulatorSpecToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  requireEncryption: false,
};
const verifier = createPushAccount(account);
const MODES: readonly PushMode[] = ['plaintext', 'compatible', 'safe'];
const NOW = Date.UTC(2026, 0, 1, 8, 0, 0);

function generator(mix: string, seed = 7) {
  return new PushGenerator({
    targets: [account],
    mix: parseMix(mix),
    users: 500,
    seed,
    clock: () => NOW,
  });
}

const samplesDir = findSamplesDir()!;
const sampleTypes = new Map(
  readdirSync(samplesDir).map((file) => [
    file.replace(/\.xml$/, ''),
    parsePush(readFileSync(`${samplesDir}/${file}`, 'utf8')).type,
  ]),
);

/** Every element path of a push, e.g. `SendPicsInfo/PicList/item/PicMd5Sum`. */
function elementNames(xml: string): string[] {
  const names: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => walk(item, path));
    if (typeof value !== 'object' || value === null) return;
    for (const [name, child] of Object.entries(value)) {
      const childPath = path ? `${path}/${name}` : name;
      names.push(childPath);
      walk(child, childPath);
    }
  };
  walk(parseXmlRecord(xml), '');
  return names;
}

describe(PushGenerator.name, () => {
  describe('kinds', () => {
    it('generates one kind per sample push, named after it', () => {
      expect(PUSH_KINDS.map((k) => k.name).sort()).toEqual([...sampleTypes.keys()].sort());
    });

    it.each(PUSH_KINDS.map((k) => k.name))(
      '%s parses to the same variant as its sample',
      (kind) => {
        const gen = generator(`${kind}=1`);
        for (let i = 0; i < 25; i++) {
          const push = gen.next();
          const parsed = parsePush(push.xml);

          expect(parsed.type).toBe(sampleTypes.get(kind));
          expect(parsed.fromUserName).toBe(push.openId);
          expect(parsed.toUserName).toBe(account.originalId);
          expect(parsed.createTime).toBe(String(NOW / 1000));
          expect(parsed.msgId).toBe(push.msgId);
        }
      },
    );

    it.each(PUSH_KINDS.map((k) => k.name))('%s carries every element its sample has', (kind) => {
      const gen = generator(`${kind}=1`);
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) for (const name of elementNames(gen.next().xml)) seen.add(name);

      const sample = readFileSync(`${samplesDir}/${kind}.xml`, 'utf8');
      expect([...seen]).toEqual(expect.arrayContaining(elementNames(sample)));
    });
  });

  describe('on the wire', () => {
    it.each(MODES)('every kind passes the protocol checks in %s mode', (mode) => {
      const gen = generator('uniform', 11);
      for (let i = 0; i < 300; i++) {
        const push = gen.next();
        const wire = toWirePush(push, account, mode);
        const opened = openPush({ account: verifier, query: wire.query, body: wire.body });

        expect(opened).toMatchObject({ ok: true, mode, xml: push.xml });
        expect(wire.path).toBe(`/wechat/${account.appId}`);
        expect(wire.query.openid).toBe(push.openId);
      }
    });

    it.each(MODES)('matches buildPushRequest of the protocol library in %s mode', (mode) => {
      const push = generator('uniform', 13).next();
      const ours = toWirePush(push, account, mode, '1767225600', '42');
      const theirs = buildPushRequest({
        ...account,
        mode,
        xml: push.xml,
        timestamp: '1767225600',
        nonce: '42',
      });
      const withoutCipher = (text: string) => text.replace(/<Encrypt>.*?<\/Encrypt>/, '<Encrypt/>');
      const { msg_signature: _ours, ...ourQuery } = ours.query;
      const { msg_signature: _theirs, ...theirQuery } = theirs.query;

      expect(ourQuery).toEqual(theirQuery);
      expect(withoutCipher(ours.body)).toBe(withoutCipher(theirs.body));
    });

    it('is refused when signed with another token', () => {
      const push = generator('msg-text=1').next();
      const wire = toWirePush(push, { ...account, token: 'someoneElse' }, 'safe');
      const opened = openPush({ account: verifier, query: wire.query, body: wire.body });

      expect(opened).toMatchObject({ ok: false, error: { code: 'WECHAT_BAD_SIGNATURE' } });
    });
  });

  describe('realism', () => {
    it('uses 28-character openids from many users', () => {
      const gen = generator('uniform');
      const users = new Set(Array.from({ length: 2000 }, () => gen.next().openId));

      expect(users.size).toBeGreaterThan(200);
      for (const openId of users) expect(openId).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    });

    it('gives every id a fresh value beyond 2^53, kept as a string', () => {
      const gen = generator('msg-*=1,event-template-send-finish=1,event-mass-send-finish=1');
      const ids = Array.from({ length: 1000 }, () => gen.next().msgId!);

      expect(new Set(ids).size).toBe(1000);
      for (const id of ids) expect(BigInt(id)).toBeGreaterThan(2n ** 53n);
    });

    it('never repeats a body within a second, which the gateway would take for a retry', () => {
      const gen = generator('event-unsubscribe=1,event-subscribe=1');
      const bodies = Array.from({ length: 400 }, () => gen.next().xml);

      expect(new Set(bodies).size).toBe(400);
    });

    it('follows the mix', () => {
      const gen = generator('msg-text=3,event-click=1');
      const kinds = Array.from({ length: 4000 }, () => gen.next().kind);
      const texts = kinds.filter((k) => k === 'msg-text').length;

      expect(new Set(kinds)).toEqual(new Set(['msg-text', 'event-click']));
      expect(texts / kinds.length).toBeCloseTo(0.75, 1);
    });

    it('reproduces a run from its seed', () => {
      const a = generator('uniform', 42);
      const b = generator('uniform', 42);
      const xmls = (g: PushGenerator) => Array.from({ length: 50 }, () => g.next().xml);

      expect(xmls(a)).toEqual(xmls(b));
    });
  });
});

describe(chooseMode.name, () => {
  const rng = new RandomSource(1);

  it('sends safe mode by default when the account has a key, plaintext otherwise', () => {
    expect(chooseMode('auto', account, rng)).toBe('safe');
    expect(chooseMode('auto', { ...account, encodingAESKey: undefined }, rng)).toBe('plaintext');
  });

  it('mixes every mode, but never plaintext for an account that requires encryption', () => {
    const mixed = new Set(Array.from({ length: 100 }, () => chooseMode('mixed', account, rng)));
    const strict = { ...account, requireEncryption: true };
    const strictModes = new Set(
      Array.from({ length: 100 }, () => chooseMode('mixed', strict, rng)),
    );

    expect(mixed).toEqual(new Set(MODES));
    expect(strictModes).toEqual(new Set(['compatible', 'safe']));
  });

  it('refuses an encrypted mode for an account without a key', () => {
    const noKey = { ...account, encodingAESKey: undefined };
    expect(() => chooseMode('safe', noKey, rng)).toThrow(
      expect.objectContaining({ code: 'SIM_NO_AES_KEY' }),
    );
  });
});
