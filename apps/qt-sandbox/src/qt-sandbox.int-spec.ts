import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@oa-relay/testing';
import {
  ACCOUNTS,
  SERVICE_SECRET,
  getJson,
  handBuiltQtBody,
  plainFields,
  startSandbox,
  textPush,
  type RunningSandbox,
} from './qt-sandbox.fixture';
import type { SandboxStats, StoredEvent } from './sandbox-store';

interface Vector {
  name: string;
  input: { serviceId: string; serviceSecret: string; weChatOAData: string };
  body: string;
}

const vectors = JSON.parse(
  readFileSync(
    join(__dirname, '..', '..', '..', 'libs', 'qt', 'test-vectors', 'sign-vectors.json'),
    'utf8',
  ),
) as { requests: Vector[] };
const expectedCodes = JSON.parse(
  readFileSync(
    join(__dirname, '..', '..', '..', '..', 'shared', 'samples', 'expected-codes.json'),
    'utf8',
  ),
) as Record<string, string>;

describe('QT sandbox', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  describe('POST /server/thirdPartyDataSource', () => {
    it('accepts a correct request built by hand and stores the decoded event', async () => {
      const body = handBuiltQtBody(plainFields(textPush('oHandBuilt', 'hello')), SERVICE_SECRET);

      expect(await sandbox.post(body)).toEqual({
        status: 200,
        code: 'Httpapi_300_200',
        message: 'Report success',
      });
      const events = await getJson<StoredEvent[]>(
        `${sandbox.url}/events?account=${ACCOUNTS.plain.appId}`,
      );
      expect(events[0]).toMatchObject({
        appId: ACCOUNTS.plain.appId,
        openId: 'oHandBuilt',
        createTime: '1767225600',
        msgType: 'text',
        msgId: '24903327368861869',
        code: '$$_receive_msg',
        attributes: { MsgType: 'text', Content: 'hello', MsgId: '24903327368861869' },
        xml: textPush('oHandBuilt', 'hello'),
        encrypted: false,
      });
    });

    it('answers 102 to a body that is not a JSON object', async () => {
      expect((await sandbox.post('sign=abc&ts=1')).code).toBe('Httpapi_300_102');
      expect((await sandbox.post('["a"]')).code).toBe('Httpapi_300_102');
    });

    it('answers 103 to a request without weChatOAData', async () => {
      const { weChatOAData: _dropped, ...fields } = plainFields(textPush('o1', 'x'));

      expect((await sandbox.post(handBuiltQtBody(fields, SERVICE_SECRET))).code).toBe(
        'Httpapi_300_103',
      );
    });

    it('answers 106 to an unknown ServiceID or appkey', async () => {
      const xml = textPush('o1', 'x');
      const wrongId = handBuiltQtBody(plainFields(xml, { app_id: 'other' }), SERVICE_SECRET);
      const wrongKey = handBuiltQtBody(plainFields(xml, { appkey: 'other' }), SERVICE_SECRET);

      expect((await sandbox.post(wrongId)).code).toBe('Httpapi_300_106');
      expect((await sandbox.post(wrongKey)).code).toBe('Httpapi_300_106');
    });

    it('answers 101 to a request signed with another secret or altered after signing', async () => {
      const fields = plainFields(textPush('o1', 'x'));
      const altered = JSON.parse(handBuiltQtBody(fields, SERVICE_SECRET));
      altered.ts = '1767225600124';

      expect((await sandbox.post(handBuiltQtBody(fields, 'wrong'))).code).toBe('Httpapi_300_101');
      expect((await sandbox.post(JSON.stringify(altered))).code).toBe('Httpapi_300_101');
    });

    it('answers 107 to weChatOAData that is not well-formed XML', async () => {
      const body = handBuiltQtBody(plainFields('<xml><MsgType>text</xml>'), SERVICE_SECRET);

      expect((await sandbox.post(body)).code).toBe('Httpapi_300_107');
    });

    it('answers 105 to a push outside the event table', async () => {
      const xml =
        '<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1767225600</CreateTime>' +
        '<MsgType>event</MsgType><Event>kf_create_session</Event><KfAccount>k@x</KfAccount></xml>';

      expect((await sandbox.post(handBuiltQtBody(plainFields(xml), SERVICE_SECRET))).code).toBe(
        'Httpapi_300_105',
      );
    });

    it('answers 109 to an encryption type it does not know', async () => {
      const body = handBuiltQtBody(
        plainFields(textPush('o1', 'x'), { encrypt_type: 'rsa' }),
        SERVICE_SECRET,
      );

      expect((await sandbox.post(body)).code).toBe('Httpapi_300_109');
    });
  });

  describe('golden vectors from the real fastjson', () => {
    let vectorSandbox: RunningSandbox;
    const samples = vectors.requests.filter((v) => v.name.startsWith('sample '));

    beforeAll(async () => {
      const first = samples[0].input;
      vectorSandbox = await startSandbox({
        QT_SERVICE_ID: first.serviceId,
        QT_SERVICE_SECRET: first.serviceSecret,
      });
    });

    afterAll(async () => {
      await vectorSandbox.close();
    });

    it('accepts every signed sample and stores it under its expected code', async () => {
      expect(samples).toHaveLength(29);
      for (const vector of samples) {
        const answer = await vectorSandbox.post(vector.body);
        expect([vector.name, answer.code]).toEqual([vector.name, 'Httpapi_300_200']);
      }

      const stored = await getJson<StoredEvent[]>(`${vectorSandbox.url}/events?limit=100`);
      for (const vector of samples) {
        const expected = expectedCodes[`pushes/${vector.name.slice('sample '.length)}`];
        const event = stored.find((e) => e.xml === vector.input.weChatOAData);
        expect([vector.name, event?.code]).toEqual([vector.name, expected]);
      }
    });
  });

  describe('GET /events and GET /stats', () => {
    let reads: RunningSandbox;

    beforeAll(async () => {
      reads = await startSandbox();
      for (const [openId, time] of [
        ['oA', '1767225601'],
        ['oB', '1767225602'],
        ['oC', '1767225603'],
      ]) {
        await reads.post(handBuiltQtBody(plainFields(textPush(openId, 'x', time)), SERVICE_SECRET));
      }
      await reads.post('not json');
    });

    afterAll(async () => {
      await reads.close();
    });

    it('filters by push time and limits, newest first', async () => {
      const openIds = async (query: string) =>
        (
          (await getJson<StoredEvent[]>(`${reads.url}/events?${query}`)) as { openId: string }[]
        ).map((e) => e.openId);

      expect(await openIds('since=1767225602&limit=5')).toEqual(['oC', 'oB']);
      expect(await openIds('until=1767225601')).toEqual(['oA']);
      expect(await openIds('limit=1')).toEqual(['oC']);
    });

    it('filters by code and account', async () => {
      const none = await getJson<StoredEvent[]>(`${reads.url}/events?code=$$_menu_click`);
      const other = await getJson<StoredEvent[]>(
        `${reads.url}/events?account=${ACCOUNTS.safe.appId}`,
      );
      const both = await getJson<StoredEvent[]>(
        `${reads.url}/events?code=%24%24_receive_msg&account=${ACCOUNTS.plain.appId}`,
      );

      expect([none.length, other.length, both.length]).toEqual([0, 0, 3]);
    });

    it('counts by event code and by response code', async () => {
      const stats = await getJson<SandboxStats>(`${reads.url}/stats`);

      expect(stats).toEqual({
        events: { $$_receive_msg: 3 },
        responses: { Httpapi_300_200: 3, Httpapi_300_102: 1 },
        totals: { events: 3, requests: 4 },
      });
    });

    it('refuses a filter that is not a number', async () => {
      expect((await fetch(`${reads.url}/events?since=yesterday`)).status).toBe(400);
    });

    it('shares its storage with another replica on the same prefix', async () => {
      const replica = await startSandbox({ QT_SANDBOX_KEY_PREFIX: reads.prefix });
      try {
        const stats = await getJson<SandboxStats>(`${replica.url}/stats`);
        expect(stats.totals).toEqual({ events: 3, requests: 4 });
      } finally {
        await replica.close();
      }
    });
  });

  describe('fault switches', () => {
    const body = () => handBuiltQtBody(plainFields(textPush('oFault', 'x')), SERVICE_SECRET);
    const setFaults = (url: string, faults: object) =>
      fetch(`${url}/admin/faults`, { method: 'POST', body: JSON.stringify(faults) });

    afterEach(async () => {
      await fetch(`${sandbox.url}/admin/faults`, { method: 'DELETE' });
    });

    it('answers 503 to everything during an outage, and 200 once it is cleared', async () => {
      await setFaults(sandbox.url, { outage: true });
      expect((await sandbox.post(body())).status).toBe(503);

      await fetch(`${sandbox.url}/admin/faults`, { method: 'DELETE' });
      expect(await sandbox.post(body())).toMatchObject({ status: 200, code: 'Httpapi_300_200' });
    });

    it('answers 500 at the configured rate', async () => {
      await setFaults(sandbox.url, { errorRate: 1 });

      expect((await sandbox.post(body())).status).toBe(500);
    });

    it('forces a response code without storing the event', async () => {
      await setFaults(sandbox.url, { forceCode: 'Httpapi_300_110' });

      expect(await sandbox.post(body())).toMatchObject({ status: 200, code: 'Httpapi_300_110' });
    });

    it('adds latency to every answer', async () => {
      await setFaults(sandbox.url, { latencyMs: 300 });

      const started = Date.now();
      await sandbox.post(body());
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    });

    it('refuses switches that are not valid, naming the setting', async () => {
      const response = await setFaults(sandbox.url, { errorRate: 2 });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'QT_SANDBOX_BAD_ADMIN_REQUEST',
        paths: ['errorRate'],
      });
    });

    it('applies switches set on one replica to the others', async () => {
      const replica = await startSandbox({ QT_SANDBOX_KEY_PREFIX: sandbox.prefix });
      try {
        await setFaults(sandbox.url, { outage: true });
        await waitFor(async () => (await replica.post(body())).status === 503, {
          timeoutMs: 5_000,
          description: 'the replica to see the outage',
        });
      } finally {
        await replica.close();
      }
    });

    it('starts with the switches given by configuration', async () => {
      const configured = await startSandbox({ QT_SANDBOX_FORCE_CODE: 'Httpapi_300_104' });
      try {
        expect((await configured.post(body())).code).toBe('Httpapi_300_104');
      } finally {
        await configured.close();
      }
    });
  });
});
