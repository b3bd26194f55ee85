import type { Redis } from 'ioredis';

// Deletes the key only while it still holds the expected value, in one step, so a report of
// an old token can never evict the token that already replaced it.
const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Atomically deletes `key` if its value is `expected`; true when it did. */
export async function compareAndDelete(
  redis: Redis,
  key: string,
  expected: string,
): Promise<boolean> {
  const deleted = await redis.eval(COMPARE_AND_DELETE, 1, key, expected);
  return deleted === 1;
}

/** Takes a lock that expires by itself; resolves true when this owner holds it. */
export async function tryLock(
  redis: Redis,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  return (await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
}

/** Releases a lock only if this owner still holds it (it may have expired and moved on). */
export async function unlock(redis: Redis, key: string, owner: string): Promise<void> {
  await compareAndDelete(redis, key, owner);
}
