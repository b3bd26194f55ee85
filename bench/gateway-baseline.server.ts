/**
 * The baseline of bench/gateway.bench.ts: a plain Express handler doing what the reference's
 * Java demo does — take the query parameters and the body, sign them as QT asks, forward them
 * synchronously to QT (here the QT sandbox), and only then reply. Run by the benchmark as its
 * own process: BASELINE_PORT, QT_URL, QT_SERVICE_ID, QT_SERVICE_SECRET, BASELINE_APPKEY.
 */
import { buildQtRequest } from '@oa-relay/qt';
import express, { type Request, type Response } from 'express';

const port = Number(process.env.BASELINE_PORT ?? '3299');
const qtUrl = process.env.QT_URL ?? 'http://127.0.0.1:3199/server/thirdPartyDataSource';
const serviceId = process.env.QT_SERVICE_ID ?? 'bench-service';
const serviceSecret = process.env.QT_SERVICE_SECRET ?? 'bench-secret';
const appkey = process.env.BASELINE_APPKEY ?? 'bench-appkey';

const app = express();
app.use(express.text({ type: () => true, limit: '256kb' }));

app.post('/wechat/:appId', async (request: Request<{ appId: string }>, response: Response) => {
  const query = request.query as Record<string, string | string[]>;
  const qt = buildQtRequest({
    serviceId,
    serviceSecret,
    appkey,
    appId: request.params.appId,
    weChatOAData: typeof request.body === 'string' ? request.body : '',
    query,
    ts: Date.now(),
  });
  try {
    const answer = await fetch(qtUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: qt.body,
    });
    await answer.text();
    response.type('text/plain').send('success');
  } catch {
    response.status(502).send('');
  }
});

app.listen(port, '127.0.0.1');
