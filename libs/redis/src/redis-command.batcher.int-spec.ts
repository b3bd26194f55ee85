import { testRedisUrl, uniqueName } from '@oa-relay/testing';
import type { Redis } from 'ioredis';
import { once } from 'node:events';
import { createRedisClient } from './redis-client';
import { RedisCommandBatcher } from './redis-command.batcher';

describe(RedisCommandBatcher.name, () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = createRedisClient(testRedisUrl(), 'redis-batcher-spec');
    // No offline queue: commands are refused until the client is connected.
    if (redis.status !== 'ready') await once(redis, 'ready');
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('sends the commands of one event-loop turn as one pipeline', async () => {
    const batcher = new RedisCommandBatcher(redis);
    const key = uniqueName('batcher');
    const pipelines = jest.spyOn(redis, 'pipeline');

    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => batcher.call('set', `${key}:${i}`, i, 'EX', 60)),
    );
    const values = await batcher.call('mget', `${key}:0`, `${key}:49`);

    expect(replies).toEqual(Array.from({ length: 50 }, () => 'OK'));
    expect(values).toEqual(['0', '49']);
    expect(pipelines).toHaveBeenCalledTimes(2);
    pipelines.mockRestore();
  });

  it('rejects only the command that failed in a shared pipeline', async () => {
    const batcher = new RedisCommandBatcher(redis);
    const key = uniqueName('batcher');
    await redis.set(key, 'text', 'EX', 60);

    const [good, bad] = await Promise.allSettled([
      batcher.call('get', key),
      batcher.call('lpush', key, 'x'),
    ]);

    expect(good).toEqual({ status: 'fulfilled', value: 'text' });
    expect(bad.status).toBe('rejected');
  });

  it('runs a transaction inside the shared pipeline, with its replies in order', async () => {
    const batcher = new RedisCommandBatcher(redis);
    const key = uniqueName('batcher');
    const pipelines = jest.spyOn(redis, 'pipeline');

    const [counted, replies] = await Promise.all([
      batcher.call('incr', `${key}:seq`),
      batcher.transaction([
        ['hset', `${key}:data`, 'a', 'x'],
        ['hincrby', `${key}:stats`, 'n', 2],
      ]),
    ]);

    expect(counted).toBe(1);
    expect(replies).toEqual([1, 2]);
    expect(await redis.hget(`${key}:data`, 'a')).toBe('x');
    expect(pipelines).toHaveBeenCalledTimes(1);
    pipelines.mockRestore();
  });

  it('rejects a transaction one of whose commands failed', async () => {
    const batcher = new RedisCommandBatcher(redis);
    const key = uniqueName('batcher');
    await redis.set(key, 'text', 'EX', 60);

    await expect(
      batcher.transaction([
        ['hset', `${key}:other`, 'a', 'x'],
        ['lpush', key, 'x'],
      ]),
    ).rejects.toThrow(/WRONGTYPE/);
  });
});
