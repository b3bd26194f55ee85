import { buildAnalyticsEvent, type EnrichedEnvelopeV1, type RawEnvelopeV1 } from '@oa-relay/events';
import {
  buildPushRequest,
  createPushAccount,
  openPush,
  parsePush,
  parseXmlRecord,
  type PushMode,
} from '@oa-relay/wechat';
import { findSamplesDir, loadSamples } from '../pushes/sample-pushes';
import { readDocumentedSamples, TopicSchemaValidator } from './topic-schema-validator';

// What the protocol and event libraries produce, the same code the apps run, checked against
// the schemas; the e2e suite does the same with records read back from the real topics.
const validator = new TopicSchemaValidator();
const appId = 'wx5a1e0000000000a1';

describe('topic schemas and the libraries', () => {
  describe('what the libraries make of the documented push', () => {
    const samples = readDocumentedSamples();
    const rawSample = samples['wechat.raw.v1'] as RawEnvelopeV1;

    it('has a raw sample that opens with the documented token and EncodingAESKey', () => {
      const account = createPushAccount({
        appId: rawSample.appId,
        token: 'oaRelaySampleToken',
        encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      });
      const query = rawSample.query as Record<string, string>;
      const opened = openPush({ account, query, body: rawSample.body });

      expect(opened).toMatchObject({ ok: true, mode: rawSample.mode, xml: rawSample.xml });
      expect(opened.ok && opened.push.fromUserName).toBe(rawSample.openId);
    });

    it('has an enriched sample whose push is what parsePush makes of the XML', () => {
      const enrichedSample = samples['wechat.enriched.v1'] as EnrichedEnvelopeV1;

      expect(enrichedSample.push).toEqual(JSON.parse(JSON.stringify(parsePush(rawSample.xml))));
    });

    it('has an analytics sample that is what buildAnalyticsEvent makes of the push', () => {
      const built = buildAnalyticsEvent({
        eventId: rawSample.eventId,
        appId: rawSample.appId,
        fields: parseXmlRecord(rawSample.xml),
        distinctId: rawSample.openId,
        identitySource: 'openid',
        fallbackTimeMs: 0,
      });

      expect(samples['analytics.events.v1']).toEqual(built);
    });
  });

  describe('every sample push of ../shared, in every mode', () => {
    const account = {
      appId,
      originalId: 'gh_5a1e00000001',
      token: 'schemaSpecToken',
      encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      requireEncryption: false,
    };
    let id = 10_000_000_000_000_000n;
    const pushes = loadSamples(findSamplesDir()!, account, { nextId: () => String(id++) });
    const modes: PushMode[] = ['plaintext', 'compatible', 'safe'];

    it.each(modes)('gives schema-valid raw and enriched values in %s mode', (mode) => {
      for (const push of pushes) {
        const { query, body } = buildPushRequest({ ...account, mode, xml: push.xml });
        const value: RawEnvelopeV1 = {
          schema: 'wechat.raw.v1',
          eventId: push.kind,
          receivedAt: new Date().toISOString(),
          appId,
          mode,
          query,
          body,
          xml: push.xml,
          openId: push.openId,
        };
        const enrichedValue: EnrichedEnvelopeV1 = {
          schema: 'wechat.enriched.v1',
          eventId: push.kind,
          appId,
          enrichedAt: new Date().toISOString(),
          raw: value,
          push: JSON.parse(JSON.stringify(parsePush(push.xml))) as Record<string, unknown>,
          identity: { openId: push.openId, distinctId: push.openId, source: 'openid' },
        };

        expect(validator.validate('wechat.raw.v1', value)).toEqual({ valid: true });
        expect(validator.validate('wechat.enriched.v1', enrichedValue)).toEqual({ valid: true });
      }
    });

    it('gives schema-valid analytics events, attributes typed as QT says', () => {
      for (const push of pushes) {
        const event = buildAnalyticsEvent({
          eventId: push.kind,
          appId,
          fields: parseXmlRecord(push.xml),
          distinctId: push.openId,
          identitySource: 'openid',
          fallbackTimeMs: 0,
        });

        expect(event).toBeDefined();
        expect(validator.validate('analytics.events.v1', event)).toEqual({ valid: true });
      }
    });
  });
});
