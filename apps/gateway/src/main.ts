import { APP_CONFIG } from '@oa-relay/config';
import { runService } from '@oa-relay/observability';
import { createGatewayApp } from './gateway.app';
import type { GatewayConfig } from './gateway.config';

void runService('gateway', async () => {
  const app = await createGatewayApp(process.env);
  const { PORT, HOST } = app.get<GatewayConfig>(APP_CONFIG);
  await app.listen(PORT, HOST);
});
