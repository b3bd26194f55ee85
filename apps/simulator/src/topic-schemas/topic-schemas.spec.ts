import { readFileSync } from 'node:fs';
import type {
  AnalyticsEventV1,
  DeadLetterV1,
  EnrichedEnvelopeV1,
  IdentityV1,
  RawEnvelopeV1,
} from '@oa-relay/events';
import {
  DOCUMENTED_TOPICS,
  findSchemasDir,
  readDocumentedSamples,
  topicSchemaPath,
  TopicSchemaValidator,
  type DocumentedTopic,
} from './topic-schema-validator';

const schemasDir = findSchemasDir();
const validator = new TopicSchemaValidator(schemasDir);

function schemaOf(topic: DocumentedTopic): { properties: object; required: string[] } {
  return JSON.parse(readFileSync(topicSchemaPath(topic, schemasDir), 'utf8')) as {
    properties: object;
    required: string[];
  };
}

const appId = 'wx5a1e0000000000a1';
const openId = 'oQ3vA5pK2xYt8LmN0bC7dE4fG9hJ';

// Every field set, optional ones included: if a type gains a field, this stops compiling
// until the fixture, and then the schema, follow.
const raw: Required<RawEnvelopeV1> = {
  schema: 'wechat.raw.v1',
  eventId: 'e1',
  receivedAt: '2026-01-01T00:00:00.000Z',
  appId,
  mode: 'compatible',
  query: { signature: 'abc', timestamp: '1', nonce: '2', repeated: ['a', 'b'] },
  body: '<xml/>',
  xml: '<xml/>',
  openId,
};
const identity: Required<IdentityV1> = {
  openId,
  unionId: 'oUNION0000000000000000000001',
  distinctId: 'oUNION0000000000000000000001',
  source: 'unionid',
  fallbackReason: 'none',
};
const enriched: Required<EnrichedEnvelopeV1> = {
  schema: 'wechat.enriched.v1',
  eventId: 'e1',
  appId,
  enrichedAt: '2026-01-01T00:00:00.010+08:00',
  raw,
  push: { type: 'text', fields: { MsgId: '24903327368861869' } },
  identity,
};
const analytics: Required<AnalyticsEventV1> = {
  schema: 'analytics.events.v1',
  eventId: 'e1',
  appId,
  code: '$$_mass_send_finish',
  attributes: { MsgID: '1000001625', TotalCount: 1200, ResultList: [{ ArticleIdx: 1 }] },
  distinctId: openId,
  identitySource: 'openid',
  platform: `${appId}@wechatoa`,
  time: 1767225626000,
};
const dlq: Required<DeadLetterV1> = {
  schema: 'wechat.dlq.v1',
  stage: 'dispatcher',
  code: 'Httpapi_300_101',
  message: 'Illegal signature',
  failedAt: '2026-01-01T00:00:00Z',
  attempts: 1,
  source: { topic: 'wechat.enriched.v1', partition: 3, offset: '9007199254740993', key: null },
  payload: '{}',
  qt: { code: 'Httpapi_300_101', message: 'Illegal signature' },
};
const typed: Record<DocumentedTopic, object> = {
  'wechat.raw.v1': raw,
  'wechat.enriched.v1': enriched,
  'analytics.events.v1': analytics,
  'wechat.dlq.v1': dlq,
};

function without(value: object, key: string): object {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
}

describe(TopicSchemaValidator.name, () => {
  describe('the documented samples', () => {
    const samples = readDocumentedSamples(schemasDir);

    it.each(DOCUMENTED_TOPICS)('docs/topics.md has a sample of %s that its schema accepts', (t) => {
      expect(samples[t]).toBeDefined();
      expect(validator.validate(t, samples[t])).toEqual({ valid: true });
    });

    it('tells one story: the same push from raw to dead letter', () => {
      const rawSample = samples['wechat.raw.v1'] as RawEnvelopeV1;
      const enrichedSample = samples['wechat.enriched.v1'] as EnrichedEnvelopeV1;
      const dlqSample = samples['wechat.dlq.v1'] as DeadLetterV1;

      expect(enrichedSample.raw).toEqual(rawSample);
      expect((samples['analytics.events.v1'] as AnalyticsEventV1).eventId).toBe(rawSample.eventId);
      expect(dlqSample.source.key).toBe(`${rawSample.appId}:${rawSample.openId}`);
      expect(JSON.parse(dlqSample.payload)).toEqual(enrichedSample);
    });
  });

  describe('the TypeScript types', () => {
    it.each(DOCUMENTED_TOPICS)('accepts a %s value with every field set', (topic) => {
      expect(validator.validate(topic, typed[topic])).toEqual({ valid: true });
    });

    it.each(DOCUMENTED_TOPICS)('lists exactly the fields of the %s type', (topic) => {
      expect(Object.keys(schemaOf(topic).properties).sort()).toEqual(
        Object.keys(typed[topic]).sort(),
      );
    });

    it('requires every field the types do not mark optional', () => {
      expect(schemaOf('wechat.dlq.v1').required).not.toContain('qt');
      expect(validator.validate('wechat.dlq.v1', without(dlq, 'qt'))).toEqual({ valid: true });
      expect(
        validator.validate('wechat.enriched.v1', {
          ...enriched,
          identity: without(identity, 'unionId'),
        }),
      ).toEqual({ valid: true });
      for (const topic of DOCUMENTED_TOPICS) {
        for (const field of schemaOf(topic).required) {
          expect(validator.validate(topic, without(typed[topic], field)).valid).toBe(false);
        }
      }
    });
  });

  describe('what it rejects', () => {
    it.each(DOCUMENTED_TOPICS)('rejects an unknown top-level field in %s', (topic) => {
      const result = validator.validate(topic, { ...typed[topic], extra: 1 });
      expect(result).toEqual({
        valid: false,
        errors: ['(root) must NOT have additional properties (extra)'],
      });
    });

    it('rejects a value carrying another topic name', () => {
      expect(validator.validate('wechat.raw.v1', { ...raw, schema: 'wechat.raw.v2' }).valid).toBe(
        false,
      );
    });

    it('rejects closed nested objects with extra fields', () => {
      const badIdentity = { ...enriched, identity: { ...identity, nickname: 'x' } };
      const badSource = { ...dlq, source: { ...dlq.source, timestamp: '1' } };
      const badRaw = { ...enriched, raw: { ...raw, extra: true } };

      expect(validator.validate('wechat.enriched.v1', badIdentity).valid).toBe(false);
      expect(validator.validate('wechat.dlq.v1', badSource).valid).toBe(false);
      expect(validator.validate('wechat.enriched.v1', badRaw).valid).toBe(false);
    });

    it('rejects an offset written as a JSON number, which loses digits past 2^53', () => {
      const bad = { ...dlq, source: { ...dlq.source, offset: 12 } };
      expect(validator.validate('wechat.dlq.v1', bad).valid).toBe(false);
    });

    it('rejects attribute values that are neither strings, numbers, lists nor objects', () => {
      const bad = { ...analytics, attributes: { Flag: true } };
      expect(validator.validate('analytics.events.v1', bad).valid).toBe(false);
    });

    it('rejects a time in seconds written as a fraction, a bad appId and a bad mode', () => {
      expect(validator.validate('analytics.events.v1', { ...analytics, time: 1.5 }).valid).toBe(
        false,
      );
      expect(validator.validate('wechat.raw.v1', { ...raw, appId: 'gh_123' }).valid).toBe(false);
      expect(validator.validate('wechat.raw.v1', { ...raw, mode: 'aes' }).valid).toBe(false);
      expect(validator.validate('wechat.raw.v1', { ...raw, receivedAt: 'yesterday' }).valid).toBe(
        false,
      );
    });

    it('reports a record value that is not JSON', () => {
      expect(validator.validateRecord('wechat.raw.v1', Buffer.from('<xml/>'))).toEqual({
        valid: false,
        errors: ['value is not JSON'],
      });
      expect(validator.validateRecord('wechat.raw.v1', JSON.stringify(raw))).toEqual({
        valid: true,
      });
    });
  });
});
