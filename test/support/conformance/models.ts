import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The published AWS API models as the SDKs ship them, read for the conformance check:
 * - shapes (members, types, required, timestamp formats, XML names) from aws-sdk v2's
 *   `apis/<service>.min.json` (exact-pinned dev dependency);
 * - enums from the same package's `clients/<service>.d.ts`: the .min.json files drop them, the
 *   typings keep them as string-literal unions generated from the same model;
 * - error codes from the AWS SDK v3 client the handler uses: the .min.json files drop errors, the
 *   v3 client registers one exception class per modeled error, with its awsQuery wire code.
 */
export type Protocol = 'json' | 'rest-json' | 'query';

export interface Shape {
  readonly type?: string;
  readonly shape?: string;
  readonly members?: Record<string, Shape>;
  readonly member?: Shape;
  readonly key?: Shape;
  readonly value?: Shape;
  readonly required?: readonly string[];
  readonly locationName?: string;
  readonly location?: string;
  readonly flattened?: boolean;
  readonly timestampFormat?: string;
  readonly resultWrapper?: string;
  readonly payload?: string;
}

export interface Operation {
  readonly http?: { readonly responseCode?: number };
  readonly output?: Shape;
}

export interface ServiceModel {
  readonly service: string;
  readonly file: string;
  readonly protocol: Protocol;
  readonly operations: Record<string, Operation>;
  /** Named shapes the inline ones refer to (`{ "shape": "S3p" }`). */
  readonly shapes: Record<string, Shape>;
  /** The output typing of each operation, to follow enums through the .d.ts. */
  readonly outputTypes: Record<string, string>;
  readonly typings: Typings;
  /** Wire codes of the modeled errors: exception names and their awsQuery codes. */
  readonly errorCodes: ReadonlySet<string>;
  /** The v3 client package the error codes come from, with its version (for the report). */
  readonly errorSource: string;
}

/** The .d.ts as a graph: interface members, list/map aliases and enum aliases. */
export interface Typings {
  readonly interfaces: Map<string, Map<string, string>>;
  readonly lists: Map<string, string>;
  readonly maps: Map<string, string>;
  readonly enums: Map<string, readonly string[]>;
}

/** The emulator's service names → the model file, the v2 typings and the v3 client. */
const SOURCES: Record<string, { model: string; typings: string; client: string }> = {
  dms: { model: 'dms-2016-01-01', typings: 'dms', client: '@aws-sdk/client-database-migration-service' },
  drs: { model: 'drs-2020-02-26', typings: 'drs', client: '@aws-sdk/client-drs' },
  rds: { model: 'rds-2014-10-31', typings: 'rds', client: '@aws-sdk/client-rds' },
  sts: { model: 'sts-2011-06-15', typings: 'sts', client: '@aws-sdk/client-sts' },
  cloudformation: { model: 'cloudformation-2010-05-15', typings: 'cloudformation', client: '@aws-sdk/client-cloudformation' },
  cloudwatch: { model: 'monitoring-2010-08-01', typings: 'cloudwatch', client: '@aws-sdk/client-cloudwatch' },
  secretsmanager: { model: 'secretsmanager-2017-10-17', typings: 'secretsmanager', client: '@aws-sdk/client-secrets-manager' },
};

const cache = new Map<string, ServiceModel>();

/** The emulator services that have a published AWS model (the Huawei DCS API has none here). */
export function modeledServices(): string[] {
  return Object.keys(SOURCES);
}

export function loadModel(service: string): ServiceModel | undefined {
  const source = SOURCES[service];
  if (!source) return undefined;
  const cached = cache.get(service);
  if (cached) return cached;
  const sdkRoot = dirname(require.resolve('aws-sdk/package.json'));
  const raw = JSON.parse(readFileSync(join(sdkRoot, 'apis', `${source.model}.min.json`), 'utf8'));
  const typingsText = readFileSync(join(sdkRoot, 'clients', `${source.typings}.d.ts`), 'utf8');
  const clientRoot = dirname(require.resolve(`${source.client}/package.json`));
  const clientText = readFileSync(join(clientRoot, 'dist-cjs', 'index.js'), 'utf8');
  const clientVersion = JSON.parse(readFileSync(join(clientRoot, 'package.json'), 'utf8')).version;
  const model: ServiceModel = {
    service,
    file: `aws-sdk/apis/${source.model}.min.json`,
    protocol: raw.metadata.protocol,
    operations: raw.operations,
    shapes: raw.shapes,
    outputTypes: outputTypesOf(typingsText),
    typings: parseTypings(typingsText),
    errorCodes: errorCodesOf(clientText),
    errorSource: `${source.client}@${clientVersion}`,
  };
  cache.set(service, model);
  return model;
}

/** A member with its `shape` reference resolved (the member's own traits win, as in the model). */
export function resolve(model: ServiceModel, shape: Shape): Shape {
  if (!shape.shape) return shape;
  const { shape: ref, ...own } = shape;
  return { ...resolve(model, model.shapes[ref]), ...own };
}

/** The modeled type: the min.json files omit `type` for strings. */
export function typeOf(shape: Shape): string {
  if (shape.type) return shape.type;
  if (shape.members) return 'structure';
  if (shape.member) return 'list';
  if (shape.key || shape.value) return 'map';
  return 'string';
}

/** The member list of a v3 client exception registry and the awsQuery codes (`[_aQE]: [\`Code\`, status]`). */
function errorCodesOf(clientText: string): Set<string> {
  const codes = new Set<string>();
  // `class X extends …ServiceException`, or `var _X = class _X extends …` in older bundles (client-drs 3.523).
  for (const match of clientText.matchAll(/class _?(\w+) extends \w+ServiceException\b/g)) codes.add(match[1]);
  for (const match of clientText.matchAll(/\[_aQE\]: \[`([^`]+)`/g)) codes.add(match[1]);
  return codes;
}

/** operation name → its output interface, from `op(params: X.Types.In, callback?: (err, data: X.Types.Out) => void)`. */
function outputTypesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of text.matchAll(/^ {2}(\w+)\(params: \w+\.Types\.\w+, callback\?: \(err: AWSError, data: \w+\.Types\.(\w+)\)/gm)) {
    out[match[1][0].toUpperCase() + match[1].slice(1)] = match[2];
  }
  return out;
}

function parseTypings(text: string): Typings {
  const interfaces = new Map<string, Map<string, string>>();
  const lists = new Map<string, string>();
  const maps = new Map<string, string>();
  const enums = new Map<string, readonly string[]>();
  for (const match of text.matchAll(/^ {2}export type (\w+) = (.+);$/gm)) {
    const [, name, rhs] = match;
    if (/^("[^"]*"\|)+string$/.test(rhs)) enums.set(name, rhs.split('|').slice(0, -1).map((v) => v.slice(1, -1)));
    else if (/^\w+\[\]$/.test(rhs)) lists.set(name, rhs.slice(0, -2));
    else if (/^\{\[key: string\]: (\w+)\}$/.test(rhs)) maps.set(name, rhs.match(/: (\w+)\}$/)![1]);
  }
  for (const match of text.matchAll(/^ {2}export interface (\w+) \{\n([\s\S]*?)^ {2}\}$/gm)) {
    const members = new Map<string, string>();
    for (const member of match[2].matchAll(/^ {4}(\w+)\??: ([\w[\]]+);$/gm)) members.set(member[1], member[2]);
    interfaces.set(match[1], members);
  }
  return { interfaces, lists, maps, enums };
}
