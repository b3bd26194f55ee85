import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { httpLoggerOptions } from './http-logger.options';

/** Runs one request through pino-http with the project's options and returns what it logged. */
function logRequest(url: string, statusCode: number): string {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pinoHttp(
    { ...httpLoggerOptions({ service: 'spec', level: 'debug', pretty: false }) },
    sink,
  );
  const req = Object.assign(new EventEmitter(), {
    method: 'GET',
    url,
    headers: { authorization: 'Bearer spec-api-key' },
    socket: {},
  }) as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), {
    statusCode,
    getHeaders: () => ({}),
  }) as unknown as ServerResponse;

  logger(req, res);
  res.emit('finish');
  return lines.join('');
}

describe(httpLoggerOptions.name, () => {
  describe('request lines', () => {
    const handshake =
      '/wechat/wx5a1e0000000000b2?signature=5d0f9a8c2b7e&timestamp=1700000000&nonce=3141&echostr=echo-secret-4711';

    it('logs the path of a handshake without its query string', () => {
      const line = logRequest(handshake, 403);

      expect(JSON.parse(line)).toMatchObject({ req: { url: '/wechat/wx5a1e0000000000b2' } });
      for (const secret of ['5d0f9a8c2b7e', 'echo-secret-4711', '1700000000']) {
        expect(line).not.toContain(secret);
      }
    });

    it('keeps an access_token in a query out of the line', () => {
      const line = logRequest('/cgi-bin/user/info?access_token=ACCESS-TOKEN-0042&openid=o1', 503);

      expect(line).not.toContain('ACCESS-TOKEN-0042');
    });

    it('redacts the authorization header', () => {
      const line = logRequest('/v1/access-token/wx5a1e0000000000b2', 401);

      expect(line).not.toContain('spec-api-key');
      expect(JSON.parse(line)).toMatchObject({
        req: { headers: { authorization: '[redacted]' } },
      });
    });

    it('logs an answered request at debug and a refused one at warn', () => {
      expect(JSON.parse(logRequest('/v1/x', 200))).toMatchObject({ level: 20 });
      expect(JSON.parse(logRequest('/v1/x', 404))).toMatchObject({ level: 40 });
    });
  });
});
