import { loadConfig } from '@oa-relay/config';
import { createGatewayApp } from './gateway.app';
import { gatewayEnvSchema } from './gateway.config';

async function main(): Promise<void> {
  const config = loadConfig(gatewayEnvSchema);
  const app = await createGatewayApp();
  await app.listen(config.PORT, config.HOST);
}

void main();
