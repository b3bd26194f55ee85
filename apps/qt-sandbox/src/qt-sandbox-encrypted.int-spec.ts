import { createHash } from 'node:crypto';
import { buildPushRequest } from '@oa-relay/wechat';
import {
  ACCOUNTS,
  SERVICE_ID,
  SERVICE_SECRET,
  getJson,
  handBuiltQtBody,
  startSandbox,
  textPush,
  type RunningSandbox,
} from './qt-sandbox.fixture';
import type { StoredEvent } from './sandbox-store';

function safeRequest(xml: string, appId: string = ACCOUNTS.safe.appId) {
  return buildPushRequest({ ...ACCOUNTS.safe, appId, mode: 'safe', xml });
}

/** WeChat's sha1 over the sorted parts, from the protocol's definition, not the library's. */
function wechatSignature(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

/** The ciphertext of a safe-mode body. */
function encryptOf(body: string): string {
  return /<Encrypt><!\[CDATA\[([^\]]+)\]\]>/.exec(body)?.[1] ?? '';
}

// A valid EncodingAESKey that the sandbox does not hold for any account.
const FOREIGN_AES_KEY = 'YSBrZXkgdGhlIHNhbmRib3ggZG9lcyBub3QgaG9sZCE';

describe('QT sandbox', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  describe('POST /server/thirdPartyDataSource with encrypted weChatOAData', () => {
    const fieldsOf = (request: ReturnType<typeof safeRequest>, appId: string) => ({
      ...request.query,
      app_id: SERVICE_ID,
      appkey: ACCOUNTS.safe.appkey,
      ts: '1767225600123',
      code: appId,
      weChatOAData: request.body,
    });

    it('decrypts a safe-mode push with the account key and stores the plaintext', async () => {
      const request = safeRequest(textPush('oSafeUser', 'secret text'));

      const answer = await sandbox.post(
        handBuiltQtBody(fieldsOf(request, ACCOUNTS.safe.appId), SERVICE_SECRET),
      );

      expect(answer.code).toBe('Httpapi_300_200');
      const events = await getJson<StoredEvent[]>(
        `${sandbox.url}/events?account=${ACCOUNTS.safe.appId}`,
      );
      expect(events[0]).toMatchObject({
        openId: 'oSafeUser',
        encrypted: true,
        xml: textPush('oSafeUser', 'secret text'),
      });
    });

    it('answers 108 when msg_signature does not match', async () => {
      const request = safeRequest(textPush('o1', 'x'));
      const fields = { ...fieldsOf(request, ACCOUNTS.safe.appId), msg_signature: '0'.repeat(40) };

      expect((await sandbox.post(handBuiltQtBody(fields, SERVICE_SECRET))).code).toBe(
        'Httpapi_300_108',
      );
    });

    it('answers 108 to a correct msg_signature over a ciphertext sealed with another key', async () => {
      const request = buildPushRequest({
        ...ACCOUNTS.safe,
        encodingAESKey: FOREIGN_AES_KEY,
        mode: 'safe',
        xml: textPush('oForeignKey', 'x'),
        timestamp: '1767225600',
        nonce: '42',
        random: Buffer.alloc(16, 7),
      });
      const fields = fieldsOf(request, ACCOUNTS.safe.appId);

      // Both signatures are the account's own, so only decryption is left to refuse it.
      expect(request.query.signature).toBe(
        wechatSignature(ACCOUNTS.safe.token, '1767225600', '42'),
      );
      expect(request.query.msg_signature).toBe(
        wechatSignature(ACCOUNTS.safe.token, '1767225600', '42', encryptOf(request.body)),
      );
      expect((await sandbox.post(handBuiltQtBody(fields, SERVICE_SECRET))).code).toBe(
        'Httpapi_300_108',
      );
    });

    it('answers 108 to an encrypted push whose plain signature does not match', async () => {
      const request = safeRequest(textPush('oBadSignature', 'x'));
      const { timestamp, nonce } = request.query;
      const forged = wechatSignature('not-the-account-token', timestamp, nonce);
      const fields = { ...fieldsOf(request, ACCOUNTS.safe.appId), signature: forged };

      // msg_signature still vouches for the ciphertext: the plain signature alone must refuse it.
      expect(request.query.msg_signature).toBe(
        wechatSignature(ACCOUNTS.safe.token, timestamp, nonce, encryptOf(request.body)),
      );
      expect((await sandbox.post(handBuiltQtBody(fields, SERVICE_SECRET))).code).toBe(
        'Httpapi_300_108',
      );
    });

    it('answers 108 for an account it does not know', async () => {
      const request = safeRequest(textPush('o1', 'x'), 'wx5a1e00000000ffff');
      const fields = fieldsOf(request, 'wx5a1e00000000ffff');

      expect((await sandbox.post(handBuiltQtBody(fields, SERVICE_SECRET))).code).toBe(
        'Httpapi_300_108',
      );
    });
  });
});
