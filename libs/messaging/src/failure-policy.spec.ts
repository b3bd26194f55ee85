import { classifyFailure, RetryBackoff } from './failure-policy';
import { MessagingError, PermanentError, RetriableError } from './messaging-errors';

describe('classifyFailure', () => {
  it('retries a RetriableError and a failed publish of the handler', () => {
    expect(classifyFailure(new RetriableError('redis down')).kind).toBe('retriable');
    expect(classifyFailure(new MessagingError('MESSAGING_PUBLISH_TIMEOUT', 'no ack')).kind).toBe(
      'retriable',
    );
  });

  it('dead-letters a PermanentError with its code and QT answer', () => {
    const qt = { code: 'Httpapi_300_101', message: 'illegal sign' };

    expect(classifyFailure(new PermanentError('QT_REJECTED', 'no', {}, { qt }))).toEqual({
      kind: 'permanent',
      code: 'QT_REJECTED',
      message: 'no',
      qt,
    });
  });

  it('treats any other error as a bug', () => {
    const failure = classifyFailure(new TypeError('x is undefined'));

    expect(failure).toEqual({
      kind: 'bug',
      code: 'INTERNAL_ERROR',
      message: 'TypeError: x is undefined',
      masked: false,
    });
  });

  it("recovers the classified error behind Nest's masked { status: 'error' }", () => {
    const masked = { status: 'error', message: 'Internal server error' };

    expect(classifyFailure(masked, new RetriableError('down')).kind).toBe('retriable');
    expect(classifyFailure(masked)).toMatchObject({ kind: 'bug', masked: true });
  });
});

describe(RetryBackoff.name, () => {
  it('grows and never exceeds its cap', () => {
    const backoff = new RetryBackoff({ initialDelayMs: 10, maxDelayMs: 500 });

    const delays = Array.from({ length: 50 }, () => backoff.next());

    expect(Math.max(...delays)).toBeLessThanOrEqual(500);
    expect(Math.max(...delays.slice(25))).toBeGreaterThan(Math.max(...delays.slice(0, 2)));
    expect(Math.min(...delays)).toBeGreaterThan(0);
  });
});
