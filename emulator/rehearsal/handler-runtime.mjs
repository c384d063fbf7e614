// The rehearsal's layer around the real handler bundle, loaded in the handler process in its place
// (plain JavaScript so it runs as-is from the installed package). It does two things a rehearsal
// needs and AWS gets for free:
//
// 1. Time. The emulator plays service durations --speed times faster than real time. The handler
//    measures elapsed time and deadlines with Date.now and setTimeout; on the real clock its
//    timeouts would have to be compressed, and its failure reasons would state compressed durations
//    ("Timed out after 30s (timeout 30s)" for half an hour). Here the handler measures time on the
//    emulator's clock instead: Date.now reads emulated time, and timers wait emulated time (a delay
//    of N emulated ms takes N / speed real ms). Short delays (at most MIN_REAL_DELAY_MS) are not
//    compressed, so socket-level timeouts on loopback keep a real margin on a busy machine.
//    The AWS SDK signs with Date.now, so its SigV4 times are emulated, and the emulator checks
//    them against its emulated clock, as AWS checks against its own. Timestamps taken with a bare
//    new Date() (log lines, Huawei's AK/SK signer) stay real; the Huawei gateway checks against
//    the real wall clock. The Date header of the emulator's HTTP answers is turned into this
//    process's emulated time: the AWS SDK compares the header with Date.now to correct clock skew,
//    retrying any error once when it corrects, so the two must agree.
//
// 2. Who called. Each invocation carries the access key id of the step that sends it (one per
//    cutover resource); it becomes the function's credentials for that invocation, so every AWS
//    call the handler makes is signed with it and the emulator's call log credits it to the step.
//    Execution environments stay shared between steps, as the stack's one provider shares them in
//    AWS. The credentials are declared expired (AWS_CREDENTIAL_EXPIRATION, set by the rehearsal),
//    which makes the SDK read them again for every request instead of caching the first key.
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const MIN_REAL_DELAY_MS = 100;

const clock = JSON.parse(process.env.CUTOVER_REHEARSAL_CLOCK ?? '{"realAt":0,"emulatedAt":0,"speed":1}');
const realNow = Date.now.bind(Date);
const emulatedNow = () => Math.round(clock.emulatedAt + (realNow() - clock.realAt) * clock.speed);

Date.now = emulatedNow;

const emit = http.ClientRequest.prototype.emit;
http.ClientRequest.prototype.emit = function (event, response, ...rest) {
  if (event === 'response' && response?.headers?.date) response.headers.date = new Date(emulatedNow()).toUTCString();
  return emit.call(this, event, response, ...rest);
};

const realDelay = (ms) => {
  const delay = Number(ms) || 0;
  return delay <= MIN_REAL_DELAY_MS ? delay : Math.max(MIN_REAL_DELAY_MS, delay / clock.speed);
};
for (const name of ['setTimeout', 'setInterval']) {
  const real = globalThis[name];
  const compressed = (callback, ms, ...args) => real(callback, realDelay(ms), ...args);
  // Keep util.promisify.custom and friends.
  Object.defineProperties(compressed, Object.getOwnPropertyDescriptors(real));
  globalThis[name] = compressed;
}

const handlerModule = await import(pathToFileURL(process.env.CUTOVER_REHEARSAL_HANDLER).href);

// The field of the event that carries the step's access key id (ACCESS_KEY_FIELD of
// call-attribution.ts); the handler never sees it.
const ACCESS_KEY_FIELD = 'RehearsalAccessKeyId';

function invoke(name, envelope, context) {
  const { [ACCESS_KEY_FIELD]: accessKeyId, ...event } = envelope;
  if (accessKeyId) process.env.AWS_ACCESS_KEY_ID = accessKeyId;
  const handler = handlerModule[name];
  if (typeof handler !== 'function') throw new Error(`Handler ${name} is not exported by ${process.env.CUTOVER_REHEARSAL_HANDLER}`);
  return handler(event, context);
}

export const onEvent = (event, context) => invoke('onEvent', event, context);
export const isComplete = (event, context) => invoke('isComplete', event, context);
// The long-wait waiter's Look state (its payload carries the access key the same way).
export const waitStep = (state, context) => invoke('waitStep', state, context);
