import { parsePush } from '@oa-relay/wechat';
import { waitFor } from '@oa-relay/testing';
import { createEnricherApp } from '../src/enricher.app';
import { randomAppId, startEnricherStack, type EnricherStack } from './enricher-stack';
import { rawRecord, SAMPLES, sampleFrom } from './raw-envelopes';

jest.setTimeout(120_000);

const UNION_APP = randomAppId();
const OPENID_APP = randomAppId();
const MISCONFIGURED_APP = randomAppId();
const USERS = ['oUser_a', 'oUser_b', 'oUser_c'];

describe(createEnricherApp.name, () => {
  let stack: EnricherStack;

  beforeAll(async () => {
    stack = await startEnricherStack([
      {
        appId: UNION_APP,
        identity: 'unionid',
        followers: [...USERS, 'oLeaver', 'oNoUnion'],
        noUnionId: ['oNoUnion'],
      },
      { appId: OPENID_APP, identity: 'openid', followers: [] },
      { appId: MISCONFIGURED_APP, identity: 'unionid', followers: ['oM'], wrongAppSecret: true },
    ]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const enrichedOf = (appId: string, openId: string) =>
    stack.enriched.where((v) => v.appId === appId && v.identity.openId === openId);

  describe('enrichment', () => {
    it('enriches every sample push, in order per user, resolved to the unionid', async () => {
      const records = USERS.flatMap((user) =>
        SAMPLES.map((s) => rawRecord(UNION_APP, user, sampleFrom(s.name, user))),
      );

      await stack.publish(records);
      await waitFor(() => USERS.every((u) => enrichedOf(UNION_APP, u).length === SAMPLES.length), {
        timeoutMs: 60_000,
        description: `${records.length} enriched events`,
      });

      for (const user of USERS) {
        const out = enrichedOf(UNION_APP, user);
        const sent = records.filter((r) => r.value.openId === user);
        expect(out.map((r) => r.value.eventId)).toEqual(sent.map((r) => r.value.eventId));
        expect(new Set(out.map((r) => r.key))).toEqual(new Set([`${UNION_APP}:${user}`]));
        expect(new Set(out.map((r) => r.partition)).size).toBe(1);
        for (const [i, record] of out.entries()) {
          expect(record.value.raw).toEqual(sent[i].value);
          expect(record.value.push).toEqual(
            JSON.parse(JSON.stringify(parsePush(sent[i].value.xml))),
          );
          expect(record.value.identity).toEqual({
            openId: user,
            unionId: `u-${user}`,
            distinctId: `u-${user}`,
            source: 'unionid',
          });
        }
      }
    });

    it('uses the openid for an openid account without calling WeChat', async () => {
      const before = await stack.sandboxStats();

      await stack.publish([rawRecord(OPENID_APP, 'oPlain', sampleFrom('msg-text.xml', 'oPlain'))]);
      const [out] = await waitFor(() => {
        const found = enrichedOf(OPENID_APP, 'oPlain');
        return found.length > 0 && found;
      });

      expect(out.value.identity).toEqual({
        openId: 'oPlain',
        distinctId: 'oPlain',
        source: 'openid',
      });
      expect((await stack.sandboxStats()).calls).toEqual(before.calls);
    });

    it('falls back to the openid, marked, when WeChat has no unionid for the user', async () => {
      await stack.publish([
        rawRecord(UNION_APP, 'oNoUnion', sampleFrom('event-click.xml', 'oNoUnion')),
      ]);
      const [out] = await waitFor(() => {
        const found = enrichedOf(UNION_APP, 'oNoUnion');
        return found.length > 0 && found;
      });

      expect(out.value.identity).toEqual({
        openId: 'oNoUnion',
        distinctId: 'oNoUnion',
        source: 'openid-fallback',
        fallbackReason: 'no-unionid',
      });
    });
  });

  describe('unsubscribe', () => {
    it('resolves the leaving user first, then deletes the cached unionid', async () => {
      const cacheKey = `${stack.keyPrefix}unionid:${UNION_APP}:oLeaver`;
      await stack.publish([rawRecord(UNION_APP, 'oLeaver', sampleFrom('msg-text.xml', 'oLeaver'))]);
      await waitFor(async () => (await stack.redis.get(cacheKey)) === 'u-oLeaver', {
        description: 'unionid cached',
      });

      await stack.publish([
        rawRecord(UNION_APP, 'oLeaver', sampleFrom('event-unsubscribe.xml', 'oLeaver')),
      ]);
      const out = await waitFor(() => {
        const found = enrichedOf(UNION_APP, 'oLeaver');
        return found.length === 2 && found;
      });

      expect(out[1].value.push.type).toBe('event.unsubscribe');
      expect(out[1].value.identity).toMatchObject({ source: 'unionid', unionId: 'u-oLeaver' });
      await waitFor(async () => (await stack.redis.exists(cacheKey)) === 0, {
        description: 'cached unionid deleted',
      });
    });
  });

  describe('dead letters', () => {
    it('dead-letters an unparseable push with its envelope intact and lets the next one flow', async () => {
      const broken = rawRecord(UNION_APP, 'oUser_a', '<xml><ToUserName>gh_1</ToUserName><oops');
      const next = rawRecord(UNION_APP, 'oUser_a', sampleFrom('msg-text.xml', 'oUser_a'));
      const before = enrichedOf(UNION_APP, 'oUser_a').length;

      await stack.publish([broken, next]);
      const [letter] = await waitFor(() => {
        const found = stack.deadLetters.where((v) => v.payload.includes(broken.value.eventId));
        return found.length > 0 && found;
      });
      await waitFor(() => enrichedOf(UNION_APP, 'oUser_a').length === before + 1, {
        description: 'the push after the broken one enriched',
      });

      expect(letter.key).toBe(broken.key);
      expect(letter.value).toMatchObject({
        schema: 'wechat.dlq.v1',
        stage: 'enricher',
        code: 'WECHAT_XML_MALFORMED',
        attempts: 1,
        source: { topic: stack.topics.raw, key: broken.key },
      });
      expect(letter.value.message.length).toBeGreaterThan(0);
      expect(Date.parse(letter.value.failedAt)).not.toBeNaN();
      expect(JSON.parse(letter.value.payload)).toEqual(broken.value);
      expect(enrichedOf(UNION_APP, 'oUser_a').at(-1)!.value.eventId).toBe(next.value.eventId);
    });

    it('dead-letters an envelope of an account it does not serve', async () => {
      const stranger = rawRecord(randomAppId(), 'oX', sampleFrom('msg-text.xml', 'oX'));

      await stack.publish([stranger]);
      const [letter] = await waitFor(() => {
        const found = stack.deadLetters.where((v) => v.payload.includes(stranger.value.eventId));
        return found.length > 0 && found;
      });

      expect(letter.value.code).toBe('ENRICHER_UNKNOWN_ACCOUNT');
    });

    it('dead-letters, rather than publish an openid in its place, a push whose unionid lookup is refused for good', async () => {
      const push = rawRecord(MISCONFIGURED_APP, 'oM', sampleFrom('msg-text.xml', 'oM'));

      await stack.publish([push]);
      const [letter] = await waitFor(() => {
        const found = stack.deadLetters.where((v) => v.payload.includes(push.value.eventId));
        return found.length > 0 && found;
      });

      expect(letter.value).toMatchObject({ stage: 'enricher', code: 'TOKEN_CREDENTIALS_REJECTED' });
      expect(JSON.parse(letter.value.payload)).toEqual(push.value);
      expect(enrichedOf(MISCONFIGURED_APP, 'oM')).toHaveLength(0);
    });
  });

  describe('metrics', () => {
    it('exposes lookups, WeChat calls, dead letters and consumer lag', async () => {
      const text = await stack.metricsText();

      expect(text).toMatch(/enricher_unionid_lookups_total\{[^}]*outcome="cache_hit"[^}]*\} [1-9]/);
      expect(text).toMatch(/enricher_unionid_lookups_total\{[^}]*outcome="batched"[^}]*\} [1-9]/);
      expect(text).toMatch(/enricher_unionid_fallbacks_total\{[^}]*reason="no-unionid"[^}]*\} 1/);
      expect(text).toMatch(
        /enricher_wechat_calls_total\{[^}]*endpoint="user\/info\/batchget",errcode="0"/,
      );
      expect(text).toMatch(/enricher_wechat_calls_total\{[^}]*endpoint="stable_token",errcode="0"/);
      expect(text).toMatch(
        /messaging_dead_letters_total\{[^}]*code="WECHAT_XML_MALFORMED"[^}]*\} 1/,
      );
      expect(text).toContain('messaging_consumer_lag{');
    });
  });
});
