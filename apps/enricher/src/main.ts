import { loadConfig } from '@oa-relay/config';
import { createEnricherApp } from './enricher.app';
import { enricherConfigSchema } from './enricher.config';

async function main(): Promise<void> {
  const config = loadConfig(enricherConfigSchema);
  const app = await createEnricherApp(process.env);
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}

void main();
