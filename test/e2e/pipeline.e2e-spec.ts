import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testKafkaBrokers, waitFor } from '@oa-relay/testing';
import { readRecords } from '../../libs/messaging/test/kafka-test-helpers';
import {
  TopicSchemaValidator,
  type DocumentedTopic,
} from '../../apps/simulator/src/topic-schemas/topic-schema-validator';
import { qtSign, samplesDir } from './pipeline-pushes';
import { ACCOUNT, QT, startPipeline, type PipelineStack } from './pipeline-stack';

jest.setTimeout(120_000);

/** WeChat's `signature`, computed here from the protocol's definition, not the library's. */
function wechatSignature(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

/** Sends a sample push to the gateway signed as WeChat signs a plaintext push. */
async function pushSample(
  stack: PipelineStack,
  sample: string,
  rewrite: (xml: string) => string = (xml) => xml,
): Promise<{ xml: string; query: Record<string, string>; answer: Response }> {
  const xml = rewrite(readFileSync(join(samplesDir, sample), 'utf8'));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const signature = wechatSignature(ACCOUNT.token, timestamp, nonce);
  const query = { signature, timestamp, nonce, openid: 'oSAMPLEuser00000000000000001' };
  const search = new URLSearchParams(query).toString();
  const answer = await fetch(`${stack.gatewayUrl}/wechat/${ACCOUNT.appId}?${search}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: xml,
  });
  return { xml, query, answer };
}

describe('a plaintext push, end to end through real Kafka and Redis', () => {
  let stack: PipelineStack;

  beforeAll(async () => {
    stack = await startPipeline();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('reaches QT as the reference request: every field, the sign and the original XML', async () => {
    const sentAt = Date.now();

    const { xml, query, answer } = await pushSample(stack, 'msg-text.xml');
    const [request] = await waitFor(() => stack.qtRequests.length > 0 && stack.qtRequests, {
      description: 'the request to QT',
      timeoutMs: 60_000,
    });

    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('success');
    expect(request.path).toBe('/server/thirdPartyDataSource');
    expect(request.contentType).toMatch(/^application\/json/);
    const fields = JSON.parse(request.body) as Record<string, string>;
    const { sign, ...signed } = fields;
    expect(Object.keys(fields).sort()).toEqual([
      'app_id',
      'appkey',
      'code',
      'nonce',
      'openid',
      'sign',
      'signature',
      'timestamp',
      'ts',
      'weChatOAData',
    ]);
    expect(signed).toEqual({
      app_id: QT.serviceId,
      appkey: ACCOUNT.appkey,
      code: ACCOUNT.appId,
      ts: expect.stringMatching(/^\d{13}$/),
      weChatOAData: xml,
      ...query,
    });
    expect(Number(signed.ts)).toBeGreaterThanOrEqual(sentAt);
    expect(sign).toBe(qtSign(signed, QT.serviceSecret));
  });

  it('is stored by the QT sandbox as a received message', async () => {
    const events = await waitFor(
      async () => {
        const response = await fetch(`${stack.sandboxUrl}/events?account=${ACCOUNT.appId}`);
        const stored = (await response.json()) as { code: string; msgId?: string }[];
        return stored.length > 0 && stored;
      },
      { description: 'the event in the QT sandbox' },
    );

    expect(events).toEqual([
      expect.objectContaining({ code: '$$_receive_msg', msgId: '24903327368861869' }),
    ]);
  });

  describe('what the apps write to Kafka', () => {
    const validator = new TopicSchemaValidator();

    function expectValid(topic: DocumentedTopic, values: string[]): void {
      for (const value of values) {
        expect(validator.validateRecord(topic, value)).toEqual({ valid: true });
      }
    }

    it('matches the documented schema of wechat.raw.v1, wechat.enriched.v1 and analytics.events.v1', async () => {
      const brokers = testKafkaBrokers();
      const key = `${ACCOUNT.appId}:oSAMPLEuser00000000000000001`;

      const raw = await readRecords(brokers, stack.topics.raw, 1);
      const enriched = await readRecords(brokers, stack.topics.enriched, 1);
      const analytics = await readRecords(brokers, stack.topics.analytics, 1);

      expect([raw, enriched, analytics].flat().map((r) => r.key)).toEqual([key, key, key]);
      expectValid(
        'wechat.raw.v1',
        raw.map((r) => r.value),
      );
      expectValid(
        'wechat.enriched.v1',
        enriched.map((r) => r.value),
      );
      expectValid(
        'analytics.events.v1',
        analytics.map((r) => r.value),
      );
    });

    it('dead-letters a push QT refuses for good, in the documented shape of wechat.dlq.v1', async () => {
      await fetch(`${stack.sandboxUrl}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ forceCode: 'Httpapi_300_101' }),
      });

      const { answer } = await pushSample(stack, 'event-click.xml');
      const [letter] = await readRecords(testKafkaBrokers(), stack.topics.dlq, 1);

      expect(answer.status).toBe(200);
      expectValid('wechat.dlq.v1', [letter.value]);
      expect(JSON.parse(letter.value)).toEqual(
        expect.objectContaining({
          stage: 'dispatcher',
          code: 'Httpapi_300_101',
          source: expect.objectContaining({ topic: stack.topics.enriched }),
        }),
      );
    });
  });
});
