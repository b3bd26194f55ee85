import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPushAccount, openPush, parsePush } from '@oa-relay/wechat';
import { findSamplesDir, loadSamples } from './sample-pushes';
import { topLevelFields } from './top-level-fields';
import { toWirePush } from '../wire/wire-push';
import type { SimAccount } from '../wire/sim-account';

const account: SimAccount = {
  appId: 'wx5a1e0000000000a1',
  originalId: 'gh_0123456789ab',
  token: 'simulatorSpecToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  requireEncryption: true,
};
const dir = findSamplesDir()!;
const NOW = Date.UTC(2026, 5, 1);

function idCounter(): () => string {
  let next = 9_007_199_254_740_993n;
  return () => String(next++);
}

describe(loadSamples.name, () => {
  it('finds ../shared/samples/pushes beside the repository', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.xml'))).toHaveLength(29);
  });

  it('keeps every sample byte for byte when asked to', () => {
    const pushes = loadSamples(dir, account, { asIs: true, nextId: idCounter() });

    expect(pushes).toHaveLength(29);
    for (const push of pushes) {
      expect(push.xml).toBe(readFileSync(join(dir, `${push.kind}.xml`), 'utf8').trim());
    }
  });

  it('otherwise addresses, dates and numbers each sample afresh', () => {
    const pushes = loadSamples(dir, account, { clock: () => NOW, nextId: idCounter() });
    const text = pushes.find((p) => p.kind === 'msg-text')!;
    const parsed = parsePush(text.xml);

    expect(parsed.toUserName).toBe('gh_0123456789ab');
    expect(parsed.createTime).toBe(String(NOW / 1000));
    expect(BigInt(parsed.msgId!)).toBeGreaterThan(2n ** 53n);
    expect(parsed.msgId).not.toBe('24903327368861869');
    expect(text).toMatchObject({
      openId: parsed.fromUserName,
      msgType: 'text',
      msgId: parsed.msgId,
    });
    expect(new Set(pushes.map((p) => p.msgId).filter(Boolean)).size).toBe(
      pushes.filter((p) => p.msgId).length,
    );
  });

  it('yields pushes that pass the protocol checks, with their sample fields intact', () => {
    const verifier = createPushAccount(account);
    for (const push of loadSamples(dir, account, { nextId: idCounter() })) {
      const opened = openPush({ account: verifier, ...toWirePush(push, account, 'safe') });
      const original = parsePush(readFileSync(join(dir, `${push.kind}.xml`), 'utf8'));

      expect(opened).toMatchObject({ ok: true, mode: 'safe', xml: push.xml });
      expect(opened.ok && opened.push.type).toBe(original.type);
    }
  });

  it('refuses a directory without samples', () => {
    expect(() => loadSamples(__dirname + '/nowhere', account, { nextId: idCounter() })).toThrow(
      expect.objectContaining({ code: 'SIM_SAMPLES_UNREADABLE' }),
    );
  });
});

describe(topLevelFields.name, () => {
  it('reads CDATA and bare text of the root children only', () => {
    const xml =
      '<xml><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>17</CreateTime>' +
      '<SubscribeMsgSentEvent><List><MsgID>5</MsgID></List></SubscribeMsgSentEvent>' +
      '<Content><![CDATA[a <b> ]]]]><![CDATA[> c]]></Content></xml>';

    expect(topLevelFields(xml)).toEqual({
      FromUserName: 'o1',
      CreateTime: '17',
      SubscribeMsgSentEvent: '',
      Content: 'a <b> ]]> c',
    });
  });
});
