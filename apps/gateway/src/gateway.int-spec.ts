import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawEnvelopeV1 } from '@oa-relay/events';
import { ensureTopics } from '@oa-relay/messaging';
import { testKafkaBrokers, testRedisUrl, uniqueName, waitFor } from '@oa-relay/testing';
import { buildPushRequest, computeSignature } from '@oa-relay/wechat';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { PushIntakeService } from './push-intake.service';
import {
  TEST_ACCOUNTS,
  closedPort,
  sendPush,
  startGateway,
  textPush,
  writeAccountsFile,
} from './gateway.fixture';

const { plain, safe, strict } = TEST_ACCOUNTS;

interface Received {
  key: string;
  envelope: RawEnvelopeV1;
}

describe(PushIntakeService.name, () => {
  const topic = uniqueName('gateway-raw');
  const accountsFile = writeAccountsFile();
  const received: Received[] = [];
  let consumer: Consumer;
  let app: NestFastifyApplication;
  let url: string;

  function baseEnv(): Record<string, string> {
    return {
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      REDIS_URL: testRedisUrl(),
      ACCOUNTS_FILE: accountsFile,
      GATEWAY_RAW_TOPIC: topic,
      GATEWAY_DEDUPE_PREFIX: uniqueName('gateway-dedupe'),
      GATEWAY_BODY_LIMIT_BYTES: '8192',
    };
  }

  const contents = () =>
    received.map((r) => r.envelope.xml.match(/<Content><!\[CDATA\[(.*?)]]>/)?.[1]);

  /** Waits for `content` on the topic; a later push of the same user proves earlier ones absent. */
  async function waitForContent(content: string): Promise<Received> {
    return waitFor(() => received.find((r) => r.envelope.xml.includes(`[${content}]`)), {
      description: `push "${content}" on the topic`,
    });
  }

  /**
   * Sends a genuine push with the record key the refused one would have had (same account and
   * sender, so the same partition) and waits for it: had the refused push been published
   * before it, Kafka's order within the partition puts it first.
   */
  async function expectNothingPublished(
    openId: string,
    refused: string,
    appId: string = plain.appId,
  ): Promise<void> {
    const sentinel = uniqueName('sentinel');
    const genuine: { appId: string; token: string; encodingAESKey?: string } =
      Object.values(TEST_ACCOUNTS).find((a) => a.appId === appId) ?? plain;
    const mode = genuine.encodingAESKey ? 'safe' : 'plaintext';
    expect(
      await (await sendPush(url, genuine, mode, textPush(openId, sentinel, nextId()))).text(),
    ).toBe('success');
    await waitForContent(sentinel);
    expect(contents()).not.toContain(refused);
  }

  let msgId = 10_000_000_000_000_000n;
  const nextId = () => String((msgId += 1n));

  beforeAll(async () => {
    await ensureTopics(testKafkaBrokers(), [{ name: topic, partitions: 3 }]);
    const kafka = new Kafka({
      brokers: testKafkaBrokers(),
      clientId: uniqueName('gw-test'),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: uniqueName('gw-test') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push({
          key: message.key!.toString(),
          envelope: JSON.parse(message.value!.toString()) as RawEnvelopeV1,
        });
        return Promise.resolve();
      },
    });
    ({ app, url } = await startGateway(baseEnv()));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await consumer?.disconnect();
  }, 30_000);

  describe('handshake', () => {
    const query = (token: string) => {
      const q = { timestamp: '1767225600', nonce: '42', echostr: '6379 echo+/=' };
      return new URLSearchParams({
        ...q,
        signature: computeSignature(token, q.timestamp, q.nonce),
      }).toString();
    };

    it('echoes echostr unchanged as text/plain', async () => {
      const response = await fetch(`${url}/wechat/${safe.appId}?${query(safe.token)}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('6379 echo+/=');
    });

    it('refuses a handshake with a bad signature', async () => {
      const response = await fetch(`${url}/wechat/${safe.appId}?${query('wrong')}`);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'WECHAT_BAD_SIGNATURE' });
    });

    it('answers 404 with a code for an unknown account', async () => {
      const response = await fetch(`${url}/wechat/wx9999999999999999?${query(safe.token)}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'GATEWAY_UNKNOWN_ACCOUNT' });
    });
  });

  describe('modes', () => {
    it.each([
      ['plaintext', plain],
      ['compatible', safe],
      ['safe', safe],
    ] as const)('stores a %s push before saying success', async (mode, account) => {
      const content = uniqueName(mode);
      const xml = textPush('oUser-modes', content, nextId());
      const response = await sendPush(url, account, mode, xml);

      expect(response.status).toBe(200);
      expect(await response.text()).toBe('success');
      const { key, envelope } = await waitForContent(content);
      expect(key).toBe(`${account.appId}:oUser-modes`);
      expect(envelope).toMatchObject({
        schema: 'wechat.raw.v1',
        appId: account.appId,
        mode,
        xml,
        openId: 'oUser-modes',
      });
      expect(envelope.eventId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      expect(envelope.query).toMatchObject({
        signature: expect.any(String),
        nonce: expect.any(String),
      });
      if (mode !== 'plaintext') expect(envelope.body).toContain('<Encrypt>');
      expect(Date.now() - Date.parse(envelope.receivedAt)).toBeLessThan(60_000);
    });

    it('opens a push sealed with the previous EncodingAESKey and counts which key did', async () => {
      const content = uniqueName('rotated');
      const xml = textPush('oUser-rotated', content, nextId());
      const sealedWithPrevious = { ...safe, encodingAESKey: safe.previousEncodingAESKey };

      const response = await sendPush(url, sealedWithPrevious, 'safe', xml);

      expect(await response.text()).toBe('success');
      expect((await waitForContent(content)).envelope.xml).toBe(xml);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `gateway_decrypted_pushes_total\\{account="${safe.appId}",key="previous"[^}]*\\} 1`,
        ),
      );
    });

    it('keeps the body and query exactly as received', async () => {
      const content = uniqueName('exact');
      const xml = `<xml>\n  ${textPush('oUser-exact', content, nextId()).slice(5, -6)}\n</xml>\n`;
      let sent = { query: {} as Record<string, string>, body: '' };
      await sendPush(url, plain, 'plaintext', xml, (request) => {
        request.query.extra = 'a b&c';
        sent = request;
      });
      const { envelope } = await waitForContent(content);
      expect(envelope.body).toBe(sent.body);
      expect(envelope.query).toEqual(sent.query);
    });
  });

  describe('duplicates', () => {
    it('publishes a push sent three times once, and says success each time', async () => {
      const content = uniqueName('dup');
      const xml = textPush('oUser-dup', content, nextId());
      for (let i = 0; i < 3; i++) {
        expect(await (await sendPush(url, safe, 'safe', xml)).text()).toBe('success');
      }
      await expectNothingPublished('oUser-dup', 'never-sent');
      expect(contents().filter((c) => c === content)).toHaveLength(1);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `gateway_dedupe_total\\{[^}]*account="${safe.appId}"[^}]*outcome="duplicate"[^}]*\\} 2`,
        ),
      );
    });
  });

  describe('refusals', () => {
    type Tamper = (r: { query: Record<string, string>; body: string }) => void;
    const cases: Array<
      [
        string,
        number,
        string,
        { appId: string; token: string; encodingAESKey?: string },
        'plaintext' | 'safe',
        Tamper,
      ]
    > = [
      [
        'a bad signature',
        401,
        'WECHAT_BAD_SIGNATURE',
        plain,
        'plaintext',
        (r) => void (r.query.signature = '0'.repeat(40)),
      ],
      [
        'a bad msg_signature',
        401,
        'WECHAT_BAD_MSG_SIGNATURE',
        safe,
        'safe',
        (r) => void (r.query.msg_signature = '0'.repeat(40)),
      ],
      [
        'a stale timestamp',
        401,
        'WECHAT_STALE_TIMESTAMP',
        plain,
        'plaintext',
        (r) => {
          r.query.timestamp = String(Math.floor(Date.now() / 1000) - 3_600);
          r.query.signature = computeSignature(plain.token, r.query.timestamp, r.query.nonce);
        },
      ],
      [
        'a body that is not XML',
        400,
        'WECHAT_XML_MALFORMED',
        plain,
        'plaintext',
        (r) => void (r.body = 'hello'),
      ],
      [
        'a DOCTYPE',
        400,
        'WECHAT_XML_DOCTYPE',
        plain,
        'plaintext',
        (r) => void (r.body = `<!DOCTYPE xml [<!ENTITY x "y">]>${r.body}`),
      ],
      [
        'a plaintext push to an account that requires encryption',
        403,
        'WECHAT_ENCRYPTION_REQUIRED',
        strict,
        'plaintext',
        () => undefined,
      ],
      [
        'a body over the limit',
        413,
        'GATEWAY_BODY_TOO_LARGE',
        plain,
        'plaintext',
        (r) => void (r.body = r.body.replace('</xml>', `<Pad>${'x'.repeat(9_000)}</Pad></xml>`)),
      ],
    ];

    it.each(cases)(
      'refuses %s with %d and a stable code, publishing nothing',
      async (_, status, code, account, mode, tamper) => {
        const content = uniqueName('refused');
        const response = await sendPush(
          url,
          account,
          mode,
          textPush('oUser-refused', content, nextId()),
          tamper,
        );

        expect(response.status).toBe(status);
        expect(await response.json()).toMatchObject({ code });
        await expectNothingPublished('oUser-refused', content, account.appId);
      },
    );

    it('refuses a push sealed with a key the account does not have (decrypt failure)', async () => {
      const content = uniqueName('refused');
      const stranger = { ...safe, encodingAESKey: strict.encodingAESKey.replace('k', 'm') };
      const response = await sendPush(
        url,
        stranger,
        'safe',
        textPush('oUser-refused', content, nextId()),
      );

      expect(response.status).toBe(400);
      expect(['WECHAT_BAD_PADDING', 'WECHAT_BAD_LENGTH']).toContain(
        ((await response.json()) as { code: string }).code,
      );
      await expectNothingPublished('oUser-refused', content, safe.appId);
    });

    it("refuses a push sealed for another AppID with the account's own key", async () => {
      const content = uniqueName('refused');
      const other = { ...safe, appId: 'wx0000000000000000' };
      const xml = textPush('oUser-refused', content, nextId());
      const response = await sendPush(url, other, 'safe', xml, undefined, safe.appId);

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'WECHAT_APPID_MISMATCH' });
      await expectNothingPublished('oUser-refused', content, safe.appId);
    });

    it('refuses a chunked body (no declared length) once it passes the limit, and closes', async () => {
      const content = uniqueName('refused');
      const request = buildPushRequest({
        ...plain,
        mode: 'plaintext',
        xml: textPush('oUser-refused', content, nextId()),
      });
      const padded = request.body.replace('</xml>', `<Pad>${'x'.repeat(9_000)}</Pad></xml>`);
      const response = await chunkedPost(
        `${url}/wechat/${plain.appId}?${new URLSearchParams(request.query).toString()}`,
        padded,
      );

      expect(response.status).toBe(413);
      expect(response.headers.connection).toBe('close');
      expect(JSON.parse(response.body)).toMatchObject({ code: 'GATEWAY_BODY_TOO_LARGE' });
      await expectNothingPublished('oUser-refused', content);
    });

    it('leaves other methods on a push URL to the framework (404)', async () => {
      const response = await fetch(`${url}/wechat/${plain.appId}`, {
        method: 'PUT',
        body: '<xml/>',
      });

      expect(response.status).toBe(404);
    });

    it('counts refusals by code and account in /metrics', async () => {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `gateway_refused_pushes_total\\{[^}]*account="${plain.appId}"[^}]*code="WECHAT_BAD_SIGNATURE"`,
        ),
      );
      expect(metrics).toMatch(/gateway_refused_pushes_total\{[^}]*code="GATEWAY_BODY_TOO_LARGE"/);
    });
  });

  describe('health', () => {
    it('is ready while Kafka and Redis answer', async () => {
      const response = await fetch(`${url}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ checks: { kafka: true, redis: true } });
    });
  });

  describe('when Kafka is down', () => {
    it('answers 503 within the publish deadline and acknowledges nothing', async () => {
      const port = await closedPort();
      const down = await startGateway({
        ...baseEnv(),
        KAFKA_BROKERS: `127.0.0.1:${port}`,
        GATEWAY_PUBLISH_DEADLINE_MS: '1000',
      });
      try {
        const started = Date.now();
        const response = await sendPush(
          down.url,
          safe,
          'safe',
          textPush('oUser-down', uniqueName('down'), nextId()),
        );
        const elapsed = Date.now() - started;

        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ code: 'GATEWAY_PUBLISH_UNAVAILABLE' });
        expect(elapsed).toBeLessThan(2_000);
        expect((await fetch(`${down.url}/health/ready`)).status).toBe(503);
      } finally {
        await down.app.close();
      }
    }, 30_000);

    it("lets WeChat's retry through once Kafka is back (the claim was released)", async () => {
      const port = await closedPort();
      const env = {
        ...baseEnv(),
        KAFKA_BROKERS: `127.0.0.1:${port}`,
        GATEWAY_PUBLISH_DEADLINE_MS: '500',
      };
      const content = uniqueName('retry');
      const xml = textPush('oUser-retry', content, nextId());
      const down = await startGateway(env);
      try {
        expect((await sendPush(down.url, safe, 'safe', xml)).status).toBe(503);
      } finally {
        await down.app.close();
      }
      const up = await startGateway({ ...env, KAFKA_BROKERS: testKafkaBrokers().join(',') });
      try {
        expect(await (await sendPush(up.url, safe, 'safe', xml)).text()).toBe('success');
        await waitForContent(content);
      } finally {
        await up.app.close();
      }
    }, 30_000);
  });

  describe('when Redis is down', () => {
    it('still publishes, and counts it', async () => {
      const port = await closedPort();
      const down = await startGateway({ ...baseEnv(), REDIS_URL: `redis://127.0.0.1:${port}` });
      try {
        const content = uniqueName('noredis');
        const response = await sendPush(
          down.url,
          safe,
          'safe',
          textPush('oUser-noredis', content, nextId()),
        );

        expect(await response.text()).toBe('success');
        await waitForContent(content);
        const metrics = await (await fetch(`${down.url}/metrics`)).text();
        expect(metrics).toMatch(/gateway_dedupe_total\{[^}]*outcome="redis_unavailable"[^}]*\} 1/);
      } finally {
        await down.app.close();
      }
    }, 30_000);
  });
});

/** POSTs `body` in small chunks with no content-length, as a streaming client would. */
function chunkedPost(
  url: string,
  body: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'text/xml' } });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
      );
    });
    // The gateway closes the connection mid-body: an error after the answer is expected, one
    // before it fails the test at once rather than at jest's timeout.
    let answered = false;
    request.on('response', () => (answered = true));
    request.on('error', (error) => (answered ? undefined : reject(error)));
    for (let at = 0; at < body.length; at += 1_000) request.write(body.slice(at, at + 1_000));
    request.end();
  });
}
