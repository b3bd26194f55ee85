import { z } from 'zod';
import type { Env } from './load-config';

/**
 * A secret in the accounts file: a literal, or `{ env: NAME }` naming the environment
 * variable that holds it, so that the file itself can be committed without secrets.
 */
export function secretSchema(env: Env) {
  return z
    .union([z.string().min(1), z.object({ env: z.string().min(1) }).strict()])
    .transform((value, ctx): string => {
      if (typeof value === 'string') return value;
      const resolved = env[value.env];
      if (!resolved) {
        ctx.addIssue({ code: 'custom', message: `environment variable ${value.env} is not set` });
        return z.NEVER;
      }
      return resolved;
    });
}

/** The schema of the accounts file, with secrets resolved from `env`. */
export function accountsFileSchema(env: Env) {
  const secret = secretSchema(env);

  const centralSource = z
    .object({
      type: z.literal('central'),
      url: z.string().url(),
      headers: z.record(z.string(), secret).default({}),
      tokenPath: z.string().min(1).default('$.access_token'),
      expiresInPath: z.string().min(1).optional(),
      // Where to POST {access_token} that WeChat rejected, so the server refreshes it
      // (token-center: <url>/invalid). Without it, a rejected central token is only re-read.
      reportUrl: z.string().url().optional(),
    })
    .strict();

  const credentialsSource = z
    .object({ type: z.literal('credentials'), appSecret: secret })
    .strict();

  const account = z
    .object({
      appId: z.string().regex(/^wx[0-9a-zA-Z]{16}$/, 'must look like wx followed by 16 characters'),
      name: z.string().min(1),
      originalId: z.string().min(1).optional(),
      token: secret,
      encodingAESKey: secret.optional(),
      previousEncodingAESKey: secret.optional(),
      requireEncryption: z.boolean().default(false),
      identity: z.enum(['openid', 'unionid']).default('openid'),
      qt: z
        .object({
          appkey: secret,
          forward: z.enum(['table', 'all']).default('table'),
          weChatOAData: z.enum(['original', 'decrypted']).default('original'),
        })
        .strict(),
      accessToken: z.discriminatedUnion('type', [centralSource, credentialsSource]).optional(),
    })
    .strict()
    .superRefine((a, ctx) => {
      if (a.requireEncryption && !a.encodingAESKey) {
        ctx.addIssue({
          code: 'custom',
          path: ['encodingAESKey'],
          message: 'is required when requireEncryption is true',
        });
      }
      // Rotation keeps the old key beside a current one; alone it would be silently unused.
      if (a.previousEncodingAESKey !== undefined && a.encodingAESKey === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['previousEncodingAESKey'],
          message: `is set for account ${a.appId}, which has no encodingAESKey to rotate from`,
        });
      }
      if (a.identity === 'unionid' && !a.accessToken) {
        ctx.addIssue({
          code: 'custom',
          path: ['accessToken'],
          message: 'is required when identity is unionid',
        });
      }
    });

  return z
    .object({ accounts: z.array(account).min(1) })
    .strict()
    .superRefine((file, ctx) => {
      const seen = new Set<string>();
      file.accounts.forEach((a, i) => {
        if (seen.has(a.appId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['accounts', i, 'appId'],
            message: 'is listed twice',
          });
        }
        seen.add(a.appId);
      });
    });
}

/** One official account as the apps see it, secrets resolved. */
export type AccountConfig = z.infer<ReturnType<typeof accountsFileSchema>>['accounts'][number];

/** Where an account's access_token comes from. */
export type AccessTokenSourceConfig = NonNullable<AccountConfig['accessToken']>;
