import { App, Lazy, Stack } from 'aws-cdk-lib';

/** One input of an agreement table: a value of one prop, and whether the rule accepts it. */
export interface AgreementCase {
  readonly name: string;
  readonly value: string;
  readonly valid: boolean;
}

export interface AgreementSpec {
  /** The construct prop the table is about, e.g. "replicationTaskArn". */
  readonly prop: string;
  readonly cases: readonly AgreementCase[];
  /** Builds the construct with this value of the prop (all other props valid). */
  readonly synth: (stack: Stack, value: string) => void;
  /** Decodes resource properties carrying this value as CloudFormation would deliver it (all others valid). */
  readonly decode: (value: string) => unknown;
  /** Values that cannot be tokens at synth (the construct needs them literally). @default false */
  readonly literalOnly?: boolean;
}

/** The error a side throws, or undefined when it accepts the input. */
export function thrown(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function newStack(): Stack {
  return new Stack(new App(), 'Agreement', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** Both sides accept the input, or both refuse it, as the table says. */
export function expectSameVerdict(synthError: string | undefined, decodeError: string | undefined, valid: boolean): void {
  expect({ synthRefuses: synthError !== undefined, decodeRefuses: decodeError !== undefined }).toEqual({ synthRefuses: !valid, decodeRefuses: !valid });
}

/**
 * The agreement tests of one prop: for every literal input the construct throws exactly when
 * decode throws (and both as the table says); for the same input as a token at synth, the construct
 * passes and decode alone judges the resolved value. Changing either side's rule alone fails them.
 */
export function agreementSuite(spec: AgreementSpec): void {
  describe(`"${spec.prop}": construct and decode agree`, () => {
    test.each(spec.cases.map((c) => [c.name, c] as const))('a literal %s: both sides give the same verdict', (_name, c) => {
      // GIVEN the same input on both sides
      // WHEN the construct is built with it and the handler decodes it
      const synthError = thrown(() => spec.synth(newStack(), c.value));
      const decodeError = thrown(() => spec.decode(c.value));
      // THEN both accept it or both refuse it, as the table says
      expectSameVerdict(synthError, decodeError, c.valid);
      if (synthError !== undefined) expect(synthError).toContain(`"${spec.prop}"`);
    });

    if (spec.literalOnly) return;
    test.each(spec.cases.map((c) => [c.name, c] as const))('as a token at synth, %s passes the construct and decode judges the resolved value', (_name, c) => {
      // GIVEN a value only known at deploy time
      const token = Lazy.string({ produce: () => c.value });
      // WHEN the construct is built with the token, and the handler decodes what it resolved to
      const synthError = thrown(() => spec.synth(newStack(), token));
      const decodeError = thrown(() => spec.decode(c.value));
      // THEN the construct passes; the handler refuses exactly the invalid resolved values
      expect(synthError).toBeUndefined();
      expect(decodeError !== undefined).toBe(!c.valid);
    });
  });
}
