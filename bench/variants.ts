import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../emulator';
import type { ColdStartVariant } from './cold-start';
import { sizeOf } from './cold-start';
import { STACK_NAME, Synthesis } from './footprint';
import type { Template } from './iam';
import { LoggedCall, naiveCallsFrom } from './naive-bundle';
import type { BenchOperation } from './operations';

const STACK_ID = `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK_NAME}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;

/**
 * Puts the bench's stack into the emulator as being deleted, and returns its StackId: a Delete first
 * reads its stack's status to tell a teardown from a rollback, and an operation that is never run
 * when unsure (DRS, RDS, Huawei DCS) would refuse a Delete from a stack CloudFormation does not know.
 */
export function seedTeardownStack(emulator: Emulator): string {
  return emulator.cloudformation.seedStack({ stackId: STACK_ID, stackName: STACK_NAME, status: 'DELETE_IN_PROGRESS' });
}
const SERVICE_TOKEN = `arn:aws:lambda:us-east-1:123456789012:function:${STACK_NAME}-framework-onEvent`;

/** The cdk-cutover handler bundle handling `operation`'s first event, with the properties its construct synthesizes. */
export function cutoverVariant(operation: BenchOperation, synthesis: Synthesis, handlerDir: string): ColdStartVariant {
  const properties = resourceProperties(synthesis.template, operation.resourceType);
  return {
    key: `cutover:${operation.name}`,
    label: `cdk-cutover ${operation.name}`,
    modulePath: join(handlerDir, 'index.mjs'),
    exportName: 'onEvent',
    bundleBytes: sizeOf(handlerDir),
    prepare: (emulator) => {
      seedTeardownStack(emulator);
      const seeded = operation.seed(emulator, 0);
      const resourceProperties = { ...properties, ...seeded.properties, ServiceToken: SERVICE_TOKEN };
      assertResolved(operation, resourceProperties);
      return {
        // What the Provider framework hands its onEvent function.
        event: {
          RequestType: operation.requestType,
          ServiceToken: SERVICE_TOKEN,
          ResponseURL: '...',
          StackId: STACK_ID,
          RequestId: randomUUID(),
          LogicalResourceId: 'Op0',
          ResourceType: operation.resourceType,
          ...(operation.requestType === 'Create' ? {} : { PhysicalResourceId: seeded.physicalId }),
          ResourceProperties: resourceProperties,
        },
        verify: (outcome, calls) =>
          !(outcome.result as { PhysicalResourceId?: string } | undefined)?.PhysicalResourceId
            ? `onEvent answered ${JSON.stringify(outcome.result)}`
            : actionMissing(operation, calls),
      };
    },
  };
}

/**
 * The naive bundle making the calls `operation`'s first event made (`reference`, from a run of
 * the cdk-cutover handler on the same seeded target), in the same order with the same input.
 */
export function naiveVariant(operation: BenchOperation, bundlePath: string, reference: readonly LoggedCall[]): ColdStartVariant {
  const calls = naiveCallsFrom(reference);
  const expected = reference.map((c) => c.operation).join(', ');
  return {
    key: `naive:${operation.name}`,
    label: `naive bundle (${operation.name} calls)`,
    modulePath: bundlePath,
    exportName: 'onEvent',
    bundleBytes: sizeOf(bundlePath),
    prepare: (emulator) => {
      operation.seed(emulator, 0);
      return {
        event: { calls, huaweiEndpoint: emulator.dcsEndpoint },
        verify: (_outcome, made) => {
          const actual = made.map((c) => c.operation).join(', ');
          return actual === expected ? undefined : `expected the calls ${expected}; made ${actual}`;
        },
      };
    },
  };
}

/**
 * aws-cdk-lib's AwsCustomResource handler, loaded from the asset its Lambda function deploys and
 * given the Delete event CloudFormation would send, with the properties it synthesizes. It PUTs its
 * response to the ResponseURL, which the benchmark's local sink receives.
 */
export function awsCustomResourceVariant(operation: BenchOperation, synthesis: Synthesis): ColdStartVariant {
  const resources = synthesis.template.Resources ?? {};
  const custom = Object.entries(resources).find(([, r]) => r.Type === 'Custom::AWS');
  if (!custom) throw new Error('The AwsCustomResource stack has no Custom::AWS resource');
  const functionId = custom[1].Properties.ServiceToken['Fn::GetAtt'][0] as string;
  const fn = resources[functionId].Properties;
  const assetDir = assetPath(synthesis, fn.Code.S3Key as string);
  const [file, exportName] = String(fn.Handler).split('.');
  const modulePath = join(assetDir, `${file}.js`);
  return {
    key: 'aws-custom-resource',
    label: 'AwsCustomResource',
    modulePath,
    exportName,
    bundleBytes: sizeOf(modulePath),
    respondsToCloudFormation: true,
    prepare: (emulator) => {
      const { physicalId } = operation.seed(emulator, 0);
      return {
        event: {
          RequestType: 'Delete',
          ServiceToken: SERVICE_TOKEN,
          ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/bench?X-Amz-Signature=bench',
          StackId: STACK_ID,
          RequestId: randomUUID(),
          LogicalResourceId: custom[0],
          ResourceType: 'Custom::AWS',
          PhysicalResourceId: physicalId,
          ResourceProperties: { ...asCloudFormationSends(custom[1].Properties), ServiceToken: SERVICE_TOKEN },
        },
        verify: (outcome, calls) => {
          const status = outcome.responses.map((r) => r.Status).join(',');
          return status !== 'SUCCESS' ? `responded ${status || 'nothing'} ${JSON.stringify(outcome.responses)}` : actionMissing(operation, calls);
        },
      };
    },
  };
}

/** The properties of the template's resource of `type`, as CloudFormation delivers them. */
function resourceProperties(template: Template, type: string): Record<string, unknown> {
  const resource = Object.values(template.Resources ?? {}).find((r) => r.Type === type);
  if (!resource) throw new Error(`The synthesized stack has no ${type}`);
  const { ServiceToken: _token, ...rest } = resource.Properties as Record<string, unknown>;
  return asCloudFormationSends(rest) as Record<string, unknown>;
}

/** CloudFormation hands custom resources every scalar as a string. */
export function asCloudFormationSends(value: unknown): any {
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationSends(v)]));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}

/** The staged folder of the asset published as `objectKey`. */
function assetPath(synthesis: Synthesis, objectKey: string): string {
  const manifestFile = join(synthesis.assemblyDir, `${STACK_NAME}.assets.json`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  for (const asset of Object.values(manifest.files)) {
    if (Object.values(asset.destinations).some((d) => d.objectKey === objectKey)) return join(synthesis.assemblyDir, asset.source.path);
  }
  throw new Error(`No asset with object key ${objectKey} in ${manifestFile}`);
}

/** The operation's action must have reached the emulator and succeeded. */
function actionMissing(operation: BenchOperation, calls: Array<{ operation: string; status: number | 'dropped' }>): string | undefined {
  return calls.some((c) => c.operation === operation.action && c.status === 200)
    ? undefined
    : `expected a successful ${operation.action}; the emulator saw ${calls.map((c) => `${c.operation} ${c.status}`).join(', ') || 'no call'}`;
}

/** Every synthesized value must be known: an intrinsic left in the event means a missing seed override. */
function assertResolved(operation: BenchOperation, properties: Record<string, unknown>): void {
  const text = JSON.stringify(properties);
  if (/"(Ref|Fn::[A-Za-z]+)":/.test(text)) {
    throw new Error(`${operation.name}: the event still holds deploy-time values (${text}); its seed must give their stand-ins`);
  }
}
