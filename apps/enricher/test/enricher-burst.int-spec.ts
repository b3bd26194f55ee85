import { waitFor } from '@oa-relay/testing';
import { createEnricherApp } from '../src/enricher.app';
import { randomAppId, startEnricherStack, type EnricherStack } from './enricher-stack';
import { rawRecord, sampleFrom } from './raw-envelopes';

jest.setTimeout(180_000);

const users = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `o${prefix}_${String(i).padStart(5, '0')}`);

const BURST = { appId: randomAppId(), followers: users('burst', 1_000) };
const TOKEN = { appId: randomAppId(), followers: users('token', 600) };
const BUSY = { appId: randomAppId(), followers: users('busy', 200) };
const MIXED = { appId: randomAppId(), followers: users('mixed', 60) };

describe(`${createEnricherApp.name} under bursts`, () => {
  let stack: EnricherStack;

  beforeAll(async () => {
    stack = await startEnricherStack(
      [BURST, TOKEN, BUSY, MIXED].map((a) => ({ ...a, identity: 'unionid' as const })),
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  const textsFrom = (appId: string, openIds: string[]) =>
    openIds.map((o) => rawRecord(appId, o, sampleFrom('msg-text.xml', o)));

  const enrichedFor = (appId: string) => stack.enriched.where((v) => v.appId === appId);

  async function waitForEnriched(appId: string, count: number) {
    return waitFor(() => enrichedFor(appId).length >= count && enrichedFor(appId), {
      timeoutMs: 90_000,
      description: `${count} enriched events of ${appId}`,
    });
  }

  it('resolves 1,000 new users with at most 10 batchget calls and one token fetch', async () => {
    await stack.publish(textsFrom(BURST.appId, BURST.followers));
    const out = await waitForEnriched(BURST.appId, 1_000);

    const stats = await stack.sandboxStats();
    expect(out.every((r) => r.value.identity.unionId === `u-${r.value.identity.openId}`)).toBe(
      true,
    );
    expect(new Set(out.map((r) => r.value.identity.openId)).size).toBe(1_000);
    expect(stats.byApp[BURST.appId]?.batchget).toBeLessThanOrEqual(10);
    expect(stats.byApp[BURST.appId]?.stable_token).toBe(1);
    expect(stats.tokensIssued[BURST.appId]).toBe(1);
  });

  it('resolves the others of a batch that holds one invalid openid', async () => {
    const stranger = 'oNeverFollowed_000001';
    const openIds = [...MIXED.followers.slice(0, 30), stranger, ...MIXED.followers.slice(30)];

    await stack.publish(textsFrom(MIXED.appId, openIds));
    const out = await waitForEnriched(MIXED.appId, openIds.length);

    for (const { value } of out) {
      const { openId } = value.identity;
      if (openId === stranger) {
        expect(value.identity).toEqual({
          openId,
          distinctId: openId,
          source: 'openid-fallback',
          fallbackReason: 'invalid-openid',
        });
      } else {
        expect(value.identity).toEqual({
          openId,
          unionId: `u-${openId}`,
          distinctId: `u-${openId}`,
          source: 'unionid',
        });
      }
    }
  });

  it('refreshes a token that expired mid-burst once and loses nothing', async () => {
    const [first, second] = [TOKEN.followers.slice(0, 300), TOKEN.followers.slice(300)];
    await stack.publish(textsFrom(TOKEN.appId, first));
    await waitForEnriched(TOKEN.appId, first.length);

    await stack.revokeCurrentToken(TOKEN.appId);
    await stack.publish(textsFrom(TOKEN.appId, second));
    const out = await waitForEnriched(TOKEN.appId, TOKEN.followers.length);

    const stats = await stack.sandboxStats();
    expect(out).toHaveLength(TOKEN.followers.length);
    expect(out.every((r) => r.value.identity.source === 'unionid')).toBe(true);
    expect(stats.tokensIssued[TOKEN.appId]).toBe(2);
    expect(stats.byApp[TOKEN.appId]?.stable_token).toBe(2);
  });

  it('delays events while WeChat answers -1, loses none and keeps each user in order', async () => {
    const [warm, ...rest] = BUSY.followers;
    await stack.publish(textsFrom(BUSY.appId, [warm]));
    await waitForEnriched(BUSY.appId, 1);
    const before = (await stack.sandboxStats()).errors['-1'] ?? 0;
    await stack.setSandbox({ busyNext: 6 });
    const records = rest.flatMap((o) => [
      rawRecord(BUSY.appId, o, sampleFrom('msg-text.xml', o)),
      rawRecord(BUSY.appId, o, sampleFrom('event-click.xml', o)),
    ]);

    await stack.publish(records);
    const out = await waitForEnriched(BUSY.appId, records.length + 1);

    const stats = await stack.sandboxStats();
    expect((stats.errors['-1'] ?? 0) - before).toBe(6);
    expect(out).toHaveLength(records.length + 1);
    expect(out.every((r) => r.value.identity.source === 'unionid')).toBe(true);
    for (const openId of rest) {
      const types = out
        .filter((r) => r.value.identity.openId === openId)
        .map((r) => r.value.push.type);
      expect(types).toEqual(['text', 'event.CLICK']);
    }
    expect(await stack.metricsText()).toMatch(
      /enricher_wechat_calls_total\{[^}]*endpoint="user\/info\/batchget",errcode="-1"[^}]*\} 6/,
    );
  });
});
