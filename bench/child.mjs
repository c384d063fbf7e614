// One cold start: a fresh Node process loads a handler module the way the Lambda Node.js runtime
// does and handles one event, then reports its timings over IPC and exits. Plain JavaScript so the
// parent can fork it without a compile step.
//
// Timings come from performance.now(), whose origin is this process's start: `bootMs` is Node's
// own start-up (the same for every handler), `loadMs` the handler module's load, `callMs` the
// first event. With BENCH_TRACE=1 the run records which files were loaded (a separate, untimed run:
// the hook costs time).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import http from 'node:http';
import https from 'node:https';

const config = JSON.parse(process.env.BENCH_CONFIG);
const loadedUrls = new Set();

if (process.env.BENCH_TRACE === '1') {
  const { register } = await import('node:module');
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url) => loadedUrls.add(url));
  port1.unref();
  register(new URL('./trace-hooks.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });
}

if (config.responseSinkPort) {
  // aws-cdk-lib's handler PUTs its CloudFormation response with https on port 443 of the
  // ResponseURL's host. The sink is a plain HTTP server on loopback, so that one request is sent there.
  https.request = (options, callback) =>
    http.request({ ...options, hostname: '127.0.0.1', port: config.responseSinkPort }, callback);
}

const bootMs = performance.now();
const require = createRequire(import.meta.url);
const handlerModule = config.modulePath.endsWith('.mjs')
  ? await import(pathToFileURL(config.modulePath).href)
  : require(config.modulePath);
const loadedAt = performance.now();

const context = {
  awsRequestId: 'bench-request',
  functionName: 'bench',
  logStreamName: '2024/01/01/[$LATEST]bench',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
  getRemainingTimeInMillis: () => 60_000,
};

let result;
let error;
try {
  result = await handlerModule[config.exportName](config.event, context);
} catch (e) {
  error = { name: e?.name ?? 'Error', message: String(e?.message ?? e) };
}
const doneAt = performance.now();

// Let the loader hook flush the last URLs it saw before reporting them.
if (process.env.BENCH_TRACE === '1') await new Promise((r) => setTimeout(r, 50));
const loadedFiles = process.env.BENCH_TRACE === '1' ? [...loadedUrls, ...Object.keys(require.cache).map((f) => pathToFileURL(f).href)] : [];

process.send(
  { bootMs, loadMs: loadedAt - bootMs, callMs: doneAt - loadedAt, result, error, loadedFiles },
  () => process.exit(0),
);
