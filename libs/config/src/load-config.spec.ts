import { z } from 'zod';
import { ConfigError } from './config-error';
import { httpEnv, kafkaEnv, qtEnv } from './env-fragments';
import { loadConfig } from './load-config';

const schema = z.object({ ...kafkaEnv, ...qtEnv, ...httpEnv(3000) });

describe(loadConfig.name, () => {
  it('parses, applies defaults and freezes', () => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: 'a:9092, b:9092',
      QT_ENDPOINT: 'http://127.0.0.1:3100',
      QT_SERVICE_ID: 'svc',
      QT_SERVICE_SECRET: 'secret',
    });

    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(config.PORT).toBe(3000);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
  });

  it('reports every bad setting by name in one error, without its value', () => {
    const secret = 'not-a-url-but-secret';

    let caught: unknown;
    try {
      loadConfig(schema, { QT_ENDPOINT: secret, PORT: '99999' });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS is required',
        'QT_ENDPOINT is not a valid url',
        'QT_SERVICE_ID is required',
        'QT_SERVICE_SECRET is required',
        'PORT is out of range',
      ]),
    );
    expect(error.message).not.toContain(secret);
  });
});
