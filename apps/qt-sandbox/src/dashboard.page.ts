/**
 * The sandbox's page at `/`: counts by event code and by response code, and the latest events
 * with their decoded XML, refreshed every two seconds from GET /stats and GET /events. Values
 * are written with textContent only, so a push's content can never inject markup.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>QT sandbox</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #222; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.5rem; }
  .row { display: flex; gap: 3rem; flex-wrap: wrap; }
  table { border-collapse: collapse; } td, th { padding: .2rem .8rem; border-bottom: 1px solid #ddd; text-align: left; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  li { margin-bottom: .8rem; list-style: none; } ul { padding: 0; }
  pre { background: #f5f5f5; padding: .5rem; white-space: pre-wrap; word-break: break-all; margin: .3rem 0 0; }
  .meta { color: #555; } #status { color: #a00; }
</style>
</head>
<body>
<h1>QT sandbox</h1>
<p id="status"></p>
<div class="row">
  <section><h2>Events by code</h2><table id="event-codes"><tbody></tbody></table></section>
  <section><h2>Answers by response code</h2><table id="response-codes"><tbody></tbody></table></section>
</div>
<h2>Latest events</h2>
<ul id="latest"></ul>
<script>
  function fillCounts(id, counts) {
    const body = document.querySelector('#' + id + ' tbody');
    body.replaceChildren();
    for (const [name, count] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
      const row = body.insertRow();
      row.insertCell().textContent = name;
      const cell = row.insertCell();
      cell.className = 'n';
      cell.textContent = String(count);
    }
  }
  function fillLatest(events) {
    const list = document.getElementById('latest');
    list.replaceChildren();
    for (const e of events) {
      const item = document.createElement('li');
      item.className = 'event';
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = e.code + ' · ' + e.appId + ' · ' + e.openId + ' · ' +
        new Date(Number(e.createTime) * 1000).toISOString() + (e.encrypted ? ' · decrypted' : '');
      const xml = document.createElement('pre');
      xml.textContent = e.xml;
      item.append(meta, xml);
      list.append(item);
    }
  }
  async function refresh() {
    try {
      const [stats, events] = await Promise.all([
        fetch('stats').then((r) => r.json()),
        fetch('events?limit=20').then((r) => r.json()),
      ]);
      fillCounts('event-codes', stats.events);
      fillCounts('response-codes', stats.responses);
      fillLatest(events);
      document.getElementById('status').textContent = '';
    } catch (error) {
      document.getElementById('status').textContent = 'cannot read the sandbox: ' + error;
    }
  }
  refresh();
  setInterval(refresh, 2000);
</script>
</body>
</html>
`;
