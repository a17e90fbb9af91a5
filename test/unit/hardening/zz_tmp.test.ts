import { ControlPlaneService, createApiGatewayClient, describeAwsError } from '/work/main/src/core/controlplane';
import { FAULTS_PATH, startLocalGateway } from '/work/main/src/local';
it('x', async function () {
  this.timeout(60000);
  const gw = await startLocalGateway({ port: 0, sample: true });
  const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url });
  const s = new ControlPlaneService(client);
  for (const [count, errorType, status] of [[3, 'TooManyRequestsException', undefined], [2, 'ServiceUnavailableException', undefined], [2,'ThrottlingException',400],[20,'TooManyRequestsException', undefined]] as const) {
    await fetch(`${gw.url}${FAULTS_PATH}`, { method: 'POST', body: JSON.stringify({ count, errorType, status }) });
    const t = performance.now();
    const r = await s.listRestApis().then((p) => `ok ${p.items.length}`, (e) => JSON.stringify(describeAwsError(e)) + ' attempts=' + (e as any).$metadata?.attempts);
    const pending = await (await fetch(`${gw.url}${FAULTS_PATH}`)).json();
    console.log(count, errorType, r, (performance.now() - t).toFixed(0), JSON.stringify(pending));
    await fetch(`${gw.url}${FAULTS_PATH}`, { method: 'DELETE' });
  }
  client.destroy(); await gw.close();
});
