import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { matchPushRequest, readBody } from './push-request';

/** A request body stream with the headers `readBody` looks at. */
function bodyStream(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

describe('matchPushRequest', () => {
  it('reads the AppID and every query parameter, repeated ones as lists', () => {
    expect(
      matchPushRequest('POST', '/wechat/wx123?timestamp=1&nonce=a%20b&x=1&x=2&encrypt_type=aes'),
    ).toEqual({
      appId: 'wx123',
      query: { timestamp: '1', nonce: 'a b', x: ['1', '2'], encrypt_type: 'aes' },
    });
  });

  it('matches a push without a query string', () => {
    expect(matchPushRequest('POST', '/wechat/wx123')).toEqual({ appId: 'wx123', query: {} });
  });

  it.each([
    ['a handshake (GET)', 'GET', '/wechat/wx123?echostr=1'],
    ['another path', 'POST', '/health/ready'],
    ['a deeper path', 'POST', '/wechat/wx123/more'],
    ['a trailing slash', 'POST', '/wechat/wx123/'],
    ['no AppID', 'POST', '/wechat/'],
    ['an AppID that is not valid percent-encoding', 'POST', '/wechat/wx%E0%A4%A'],
  ])('leaves %s to the framework', (_, method, url) => {
    expect(matchPushRequest(method, url)).toBeUndefined();
  });
});

describe('readBody', () => {
  it('returns the body as UTF-8 text, a character split across chunks included', async () => {
    const request = bodyStream();
    const reading = readBody(request, 100);
    const bytes = Buffer.from('<xml>你好 🙂</xml>', 'utf8');
    request.write(bytes.subarray(0, 7));
    request.end(bytes.subarray(7));

    expect(await reading).toEqual({ ok: true, body: '<xml>你好 🙂</xml>' });
  });

  it('refuses a declared length over the limit without reading', async () => {
    const request = bodyStream({ 'content-length': '101' });

    expect(await readBody(request, 100)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const request = bodyStream();
    const reading = readBody(request, 10);
    request.write('0123456789');
    request.write('x');

    expect(await reading).toEqual({ ok: false, reason: 'too-large' });
  });

  it('reports a request closed before its end as aborted', async () => {
    const request = bodyStream();
    const reading = readBody(request, 100);
    request.write('<xml>');
    request.destroy();

    expect(await reading).toEqual({ ok: false, reason: 'aborted' });
  });
});
