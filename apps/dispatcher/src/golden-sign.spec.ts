import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccounts } from '@oa-relay/config';
import type { EnrichedEnvelopeV1 } from '@oa-relay/events';
import { buildQtRequest } from '@oa-relay/qt';
import { planDispatch } from './dispatch-plan';

interface RequestVector {
  name: string;
  input: {
    serviceId: string;
    serviceSecret: string;
    appkey: string;
    appId: string;
    ts: string;
    weChatOAData: string;
    query: Record<string, string[]>;
  };
  sign: string;
  body: string;
}

// Generated with the real fastjson and QT's MD5 routine by infra/fastjson-vectors/generate.sh.
const vectors = JSON.parse(
  readFileSync(
    join(__dirname, '..', '..', '..', 'libs', 'qt', 'test-vectors', 'sign-vectors.json'),
    'utf8',
  ),
) as { requests: RequestVector[] };

function envelopeFor(vector: RequestVector): EnrichedEnvelopeV1 {
  const { input } = vector;
  return {
    schema: 'wechat.enriched.v1',
    eventId: vector.name,
    appId: input.appId,
    enrichedAt: '2026-01-01T00:00:00.000Z',
    raw: {
      schema: 'wechat.raw.v1',
      eventId: vector.name,
      receivedAt: '2026-01-01T00:00:00.000Z',
      appId: input.appId,
      mode: 'plaintext',
      query: input.query,
      body: input.weChatOAData,
      xml: input.weChatOAData,
      openId: 'o1',
    },
    push: {},
    identity: { openId: 'o1', distinctId: 'o1', source: 'openid' },
  };
}

// A received text, so that every vector's request is forwarded whatever its weChatOAData holds.
const FIELDS = { MsgType: 'text', FromUserName: 'o1', CreateTime: '1767225600', Content: 'x' };

describe('the dispatcher on the golden sign vectors', () => {
  it('has request vectors', () => {
    expect(vectors.requests.length).toBeGreaterThan(5);
  });

  it.each(vectors.requests.map((v) => [v.name, v] as const))(
    'builds the body and sign QT’s Java demo built for %s',
    (_name, vector) => {
      const [account] = parseAccounts(
        {
          accounts: [
            {
              appId: 'wx5a1e0000000000a1',
              name: 'v',
              token: 't',
              qt: { appkey: vector.input.appkey },
            },
          ],
        },
        {},
      );
      const plan = planDispatch(envelopeFor(vector), FIELDS, account, vector.input);
      const request = buildQtRequest({
        ...plan.qt!,
        appId: vector.input.appId,
        ts: vector.input.ts,
      });

      expect(request.fields.sign).toBe(vector.sign);
      expect(request.body).toBe(vector.body);
    },
  );
});
