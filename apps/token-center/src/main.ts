import { loadConfig } from '@oa-relay/config';
import { createTokenCenterApp } from './token-center.app';
import { tokenCenterEnvSchema } from './token-center.config';

async function main(): Promise<void> {
  const config = loadConfig(tokenCenterEnvSchema);
  const app = await createTokenCenterApp(process.env);
  await app.listen(config.PORT, config.HOST);
}

void main();
