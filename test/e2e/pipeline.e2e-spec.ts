import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@oa-relay/testing';
import { ACCOUNT, QT, startPipeline, type PipelineStack } from './pipeline-stack';

jest.setTimeout(120_000);

const samplesDir = join(__dirname, '..', '..', '..', 'shared', 'samples', 'pushes');

/** WeChat's `signature`, computed here from the protocol's definition, not the library's. */
function wechatSignature(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

/** QT's sign as section 3.3 defines it; for this sample's characters plain JSON equals fastjson's. */
function qtSign(fields: Record<string, unknown>, secret: string): string {
  const sorted = Object.fromEntries(
    Object.keys(fields)
      .sort()
      .map((k) => [k, fields[k]]),
  );
  return createHash('md5')
    .update(JSON.stringify(sorted) + secret, 'utf8')
    .digest('hex');
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
    const xml = readFileSync(join(samplesDir, 'msg-text.xml'), 'utf8');
    const openid = 'oSAMPLEuser00000000000000001';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const signature = wechatSignature(ACCOUNT.token, timestamp, nonce);
    const query = new URLSearchParams({ signature, timestamp, nonce, openid });
    const sentAt = Date.now();

    const answer = await fetch(`${stack.gatewayUrl}/wechat/${ACCOUNT.appId}?${query.toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: xml,
    });
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
      signature,
      timestamp,
      nonce,
      openid,
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
});
