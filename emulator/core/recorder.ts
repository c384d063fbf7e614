import type { EmulatorRequest, EmulatorResponse, ServiceModule } from './types';

/** One answer the emulator gave, with the request it answered. */
export interface RecordedExchange {
  readonly service: string;
  readonly operation: string;
  readonly request: Pick<EmulatorRequest, 'method' | 'path' | 'headers' | 'body'>;
  readonly response: EmulatorResponse;
  /**
   * How the answer was produced: `handle` for the service's own answer, otherwise the render method
   * (`renderFault:throttle`, `renderInvalidState`, …), so a checker can tell injected faults apart.
   */
  readonly producedBy: string;
}

/**
 * Records every answer of the emulators started in this process, for the conformance check against
 * the published service models (test/support/conformance). Opt-in and process-wide: a test setup
 * calls {@link startRecording} once; emulators started afterwards record into it. Kept on
 * `globalThis` so that a test and the emulator it starts share it even when one loaded the compiled
 * `.js` and the other the `.ts` of this module.
 */
export class ResponseRecorder {
  readonly exchanges: RecordedExchange[] = [];

  /**
   * The same service, recording what `handle` and every `render…` method answer. A Proxy rather than
   * a copy: methods that the server learns to call later are forwarded untouched.
   */
  wrap(service: ServiceModule): ServiceModule {
    const exchanges = this.exchanges;
    return new Proxy(service, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const name = String(property);
        if (name !== 'handle' && !name.startsWith('render')) return value.bind(target);
        return (...args: unknown[]) => {
          // handle(request) and render…(request); renderFault(kind, request).
          const request = args.find((a): a is EmulatorRequest => typeof a === 'object' && a !== null && 'method' in a);
          const producedBy = name === 'renderFault' ? `renderFault:${String(args[0])}` : name;
          const note = (response: EmulatorResponse) => {
            if (request) {
              exchanges.push({
                service: target.name,
                operation: target.operationOf(request),
                request: { method: request.method, path: request.path, headers: request.headers, body: request.body },
                response,
                producedBy,
              });
            }
            return response;
          };
          const result = value.apply(target, args) as EmulatorResponse | Promise<EmulatorResponse>;
          return result instanceof Promise ? result.then(note) : note(result);
        };
      },
    });
  }
}

const KEY = Symbol.for('cdk-cutover.emulator.response-recorder');

/** Starts (or returns the running) process-wide recorder. */
export function startRecording(): ResponseRecorder {
  const holder = globalThis as Record<symbol, ResponseRecorder | undefined>;
  holder[KEY] ??= new ResponseRecorder();
  return holder[KEY]!;
}

/** The process-wide recorder if a test started one; emulators record only then. */
export function activeRecorder(): ResponseRecorder | undefined {
  return (globalThis as Record<symbol, ResponseRecorder | undefined>)[KEY];
}
