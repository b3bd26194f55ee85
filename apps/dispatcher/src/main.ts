import { runService } from '@oa-relay/observability';
import { createDispatcherApp } from './dispatcher.app';

void runService('dispatcher', async () => {
  const { app, config } = await createDispatcherApp(process.env);
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
});
