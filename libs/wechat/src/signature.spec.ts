import { openHandshake } from './handshake';
import { checkTimestamp, computeSignature, constantTimeEqual, verifySignature } from './signature';

describe('signatures', () => {
  it('sorts the parts as strings, not as numbers', () => {
    expect(computeSignature('b', '10', '9')).toBe(computeSignature('9', '10', 'b'));
  });

  it('includes Encrypt in msg_signature', () => {
    expect(computeSignature('t', '1', '2', 'E')).not.toBe(computeSignature('t', '1', '2'));
    expect(verifySignature(computeSignature('t', '1', '2', 'E'), 't', '1', '2', 'E')).toBe(true);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
  });

  it('rejects a signature in upper case hex', () => {
    const signature = computeSignature('t', '1', '2');
    expect(verifySignature(signature.toUpperCase(), 't', '1', '2')).toBe(false);
  });
});

describe('checkTimestamp', () => {
  const now = 1_767_225_600_000;

  it('accepts a timestamp inside the window, either way', () => {
    expect(checkTimestamp('1767225600', now, 300)).toEqual({ ok: true, skewSeconds: 0 });
    expect(checkTimestamp('1767225300', now, 300)).toMatchObject({ ok: true, skewSeconds: 300 });
    expect(checkTimestamp('1767225900', now, 300)).toMatchObject({ ok: true, skewSeconds: -300 });
  });

  it('refuses a timestamp outside the window as WECHAT_STALE_TIMESTAMP', () => {
    expect(checkTimestamp('1767225299', now, 300)).toMatchObject({
      ok: false,
      error: { code: 'WECHAT_STALE_TIMESTAMP' },
    });
    expect(checkTimestamp('1767225901', now, 300)).toMatchObject({
      ok: false,
      error: { code: 'WECHAT_STALE_TIMESTAMP' },
    });
  });

  it.each([undefined, '', 'abc', '1.5', '-1', '1e9'])(
    'refuses %p as WECHAT_BAD_TIMESTAMP',
    (ts) => {
      expect(checkTimestamp(ts, now, 300)).toMatchObject({
        ok: false,
        error: { code: 'WECHAT_BAD_TIMESTAMP' },
      });
    },
  );
});

describe('openHandshake', () => {
  const query = {
    signature: computeSignature('tok', '1', '2'),
    timestamp: '1',
    nonce: '2',
    echostr: ' 5678 +/= ',
  };

  it('returns echostr unchanged when the signature matches', () => {
    expect(openHandshake('tok', query)).toEqual({ ok: true, echostr: ' 5678 +/= ' });
  });

  it('refuses a bad signature', () => {
    expect(openHandshake('other', query)).toMatchObject({
      ok: false,
      error: { code: 'WECHAT_BAD_SIGNATURE' },
    });
  });

  it('refuses a handshake without echostr', () => {
    const { echostr: _, ...rest } = query;
    expect(openHandshake('tok', rest)).toMatchObject({
      ok: false,
      error: { code: 'WECHAT_MISSING_PARAMETER' },
    });
  });
});
