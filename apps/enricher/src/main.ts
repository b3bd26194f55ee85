import { APP_CONFIG } from '@oa-relay/config';
import { runService } from '@oa-relay/observability';
import { createEnricherApp } from './enricher.app';
import type { EnricherConfig } from './enricher.config';

void runService('enricher', async () => {
  const app = await createEnricherApp(process.env);
  const { PORT, HOST } = app.get<EnricherConfig>(APP_CONFIG);
  await app.startAllMicroservices();
  await app.listen(PORT, HOST);
});
