import { installAwsLambdaGlobal } from '../../../src/local/lambda/responseStream';
it('dbg', async () => { installAwsLambdaGlobal();
 try { await import('/work/main/test/fixtures/lambdas/slow-stream.mjs?x=1'); console.log('ok'); } catch (e) { console.log('ERR', e); }
 console.log((globalThis as any).awslambda);
});
