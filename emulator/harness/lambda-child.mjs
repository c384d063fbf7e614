// The child side of LocalLambda: a Node process that loads a handler module the way the Lambda
// Node.js runtime does (one module, kept warm between invocations) and runs invocations it is sent
// over IPC. Plain JavaScript so it runs as-is from the installed package.
import { pathToFileURL } from 'node:url';

const unhandled = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(String(reason && reason.stack ? reason.stack : reason));
});

const modulePath = process.env.CUTOVER_HANDLER_MODULE;
const handlerModule = await import(pathToFileURL(modulePath).href);

process.on('message', async (message) => {
  const { id, handler, event } = message;
  const started = performance.now();
  try {
    const fn = handlerModule[handler];
    if (typeof fn !== 'function') throw new Error(`Handler ${handler} is not exported by ${modulePath}`);
    const result = await fn(event, { awsRequestId: id, functionName: handler });
    process.send({ id, ok: true, result, durationMs: performance.now() - started, unhandled: unhandled.splice(0) });
  } catch (error) {
    process.send({
      id,
      ok: false,
      error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) },
      durationMs: performance.now() - started,
      unhandled: unhandled.splice(0),
    });
  }
});
process.send({ ready: true, loadMs: performance.now() });
