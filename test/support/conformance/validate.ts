import { XMLParser } from 'fast-xml-parser';
import type { RecordedExchange } from '../../../emulator';
import { loadModel, resolve, ServiceModel, Shape, typeOf } from './models';

/** One way an emulator answer departs from the published model. */
export interface Difference {
  readonly service: string;
  readonly operation: string;
  /** Where in the answer, list indexes written `[]`: `ReplicationTasks[].ReplicationTaskStats.StopDate`. */
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly detail: string;
  /** For `error-code`: the code that is neither modeled nor common. */
  readonly code?: string;
}

export type DifferenceKind =
  | 'unknown-member'
  | 'missing-required'
  | 'type'
  | 'timestamp-format'
  | 'enum'
  | 'xml-structure'
  | 'status'
  | 'unknown-operation'
  | 'error-code'
  | 'error-shape'
  | 'unparseable';

/**
 * Errors every AWS service may answer besides its modeled ones: the AWS "Common Errors" list (both
 * its awsJson and awsQuery spellings) and the protocol-level errors of the Smithy awsJson/restJson
 * protocols (an unknown operation or an unparseable body).
 */
export const COMMON_ERRORS: ReadonlySet<string> = new Set([
  'AccessDeniedException', 'AccessDenied', 'ExpiredTokenException', 'ExpiredToken', 'IncompleteSignature',
  'InternalFailure', 'InvalidAction', 'InvalidClientTokenId', 'InvalidParameterCombination', 'InvalidParameterValue',
  'InvalidQueryParameter', 'MalformedQueryString', 'MissingAction', 'MissingAuthenticationToken', 'MissingParameter',
  'NotAuthorized', 'OptInRequired', 'RequestExpired', 'ServiceUnavailable', 'ThrottlingException', 'Throttling',
  'ValidationError', 'UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch',
  'UnknownOperationException', 'SerializationException',
]);

/** Fault kinds whose bodies are unparseable on purpose (they test the handler's parsing, not the model). */
const DELIBERATELY_BROKEN = new Set(['renderFault:malformed', 'renderFault:empty']);

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** The differences of one recorded answer, or none when the service has no model here (Huawei DCS). */
export function validateExchange(exchange: RecordedExchange): Difference[] {
  if (DELIBERATELY_BROKEN.has(exchange.producedBy)) return [];
  const model = loadModel(exchange.service);
  if (!model) return [];
  const out: Difference[] = [];
  const note = (path: string, kind: DifferenceKind, detail: string, code?: string) =>
    out.push({ service: exchange.service, operation: exchange.operation, path: path.replace(/\[\d+\]/g, '[]'), kind, detail, ...(code ? { code } : {}) });
  const protocol = protocolOf(model, exchange);
  const { status } = exchange.response;
  if (status >= 400) {
    validateError(model, protocol, exchange, note);
    return out;
  }
  const operation = model.operations[exchange.operation];
  if (!operation) {
    note('', 'unknown-operation', `${exchange.operation} is not an operation of ${model.file}`);
    return out;
  }
  const expectedStatus = protocol === 'rest-json' ? operation.http?.responseCode ?? 200 : 200;
  if (status !== expectedStatus) note('', 'status', `HTTP ${status}, the model says ${expectedStatus}`);
  const output = operation.output ? resolve(model, operation.output) : { type: 'structure', members: {} };
  const body = exchange.response.body ?? '';
  if (protocol === 'query') {
    validateXmlAnswer(model, exchange.operation, output, body, note);
  } else {
    let parsed: unknown;
    try {
      parsed = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      note('', 'unparseable', 'the body is not JSON');
      return out;
    }
    new JsonChecker(model, protocol, note).check(parsed, output, model.outputTypes[exchange.operation], '');
  }
  return out;
}

/** CloudWatch answers both: JSON 1.0 to `x-amz-target` requests, awsQuery XML to form posts. */
function protocolOf(model: ServiceModel, exchange: RecordedExchange): 'json' | 'rest-json' | 'query' {
  if (model.service === 'cloudwatch') return exchange.request.headers['x-amz-target'] ? 'json' : 'query';
  return model.protocol;
}

type Note = (path: string, kind: DifferenceKind, detail: string, code?: string) => void;

function known(model: ServiceModel, code: string): boolean {
  return model.errorCodes.has(code) || COMMON_ERRORS.has(code);
}

function validateError(model: ServiceModel, protocol: string, exchange: RecordedExchange, note: Note): void {
  const { headers = {}, body = '' } = exchange.response;
  const header = (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  if (protocol === 'query') {
    const parsed = parseXml(body);
    const error = (parsed?.ErrorResponse as any)?.Error;
    if (!error || typeof error.Code !== 'string' || typeof error.Message !== 'string' || !['Sender', 'Receiver'].includes(error.Type)) {
      note('ErrorResponse.Error', 'error-shape', 'an awsQuery error needs <ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/>');
      return;
    }
    if (!known(model, error.Code)) note('ErrorResponse.Error.Code', 'error-code', `${error.Code} is neither modeled (${model.errorSource}) nor a common error`, error.Code);
    return;
  }
  let parsed: any;
  try {
    parsed = JSON.parse(body);
  } catch {
    note('', 'error-shape', 'the error body is not JSON');
    return;
  }
  if (typeof parsed?.message !== 'string' && typeof parsed?.Message !== 'string') note('message', 'error-shape', 'the error body carries no message');
  const typeHeader = header('x-amzn-errortype')?.split(':')[0];
  const code = protocol === 'rest-json' ? typeHeader : String(parsed?.__type ?? typeHeader ?? '').split('#').pop();
  if (!code) {
    note('', 'error-shape', protocol === 'rest-json' ? 'a restJson1 error needs the x-amzn-ErrorType header' : 'an awsJson error needs __type');
    return;
  }
  if (!known(model, code)) note('__type', 'error-code', `${code} is neither modeled (${model.errorSource}) nor a common error`, code);
  const queryError = header('x-amzn-query-error');
  if (model.service === 'cloudwatch' && protocol === 'json') {
    const [queryCode, fault] = (queryError ?? '').split(';');
    if (!queryCode || !['Sender', 'Receiver'].includes(fault)) note('x-amzn-query-error', 'error-shape', 'a query-compatible error needs x-amzn-query-error: <Code>;Sender|Receiver');
    else if (!known(model, queryCode)) note('x-amzn-query-error', 'error-code', `${queryCode} is neither modeled (${model.errorSource}) nor a common error`, queryCode);
  }
}

/** JSON bodies (awsJson 1.0/1.1, restJson1): members, types, epoch-second timestamps, enums. */
class JsonChecker {
  constructor(
    private readonly model: ServiceModel,
    private readonly protocol: string,
    private readonly note: Note,
  ) {}

  check(value: unknown, shape: Shape, typing: string | undefined, path: string): void {
    const type = typeOf(shape);
    if (value === null) {
      this.note(path, 'type', 'null (the SDK reads it as absent; AWS omits the member)');
      return;
    }
    switch (type) {
      case 'structure':
        return this.structure(value, shape, typing, path);
      case 'list':
        if (!Array.isArray(value)) return this.note(path, 'type', `a list must be a JSON array, got ${typeName(value)}`);
        value.forEach((item, i) => this.check(item, resolve(this.model, shape.member!), elementTyping(this.model, typing, 'list'), `${path}[${i}]`));
        return;
      case 'map':
        if (!isObject(value)) return this.note(path, 'type', `a map must be a JSON object, got ${typeName(value)}`);
        for (const [k, v] of Object.entries(value)) this.check(v, resolve(this.model, shape.value!), elementTyping(this.model, typing, 'map'), `${path}{${k}}`);
        return;
      case 'timestamp': {
        const format = shape.timestampFormat ?? 'unixTimestamp';
        if (format === 'iso8601') {
          if (typeof value !== 'string' || !ISO_8601.test(value)) this.note(path, 'timestamp-format', `expected an ISO-8601 string, got ${JSON.stringify(value)}`);
        } else if (typeof value !== 'number' || !Number.isFinite(value)) {
          this.note(path, 'timestamp-format', `${this.protocol} timestamps are epoch-second numbers, got ${JSON.stringify(value)}`);
        }
        return;
      }
      default:
        return scalar(this.model, value, type, typing, path, this.note);
    }
  }

  private structure(value: unknown, shape: Shape, typing: string | undefined, path: string): void {
    if (!isObject(value)) return this.note(path, 'type', `a structure must be a JSON object, got ${typeName(value)}`);
    const members = shape.members ?? {};
    const fields = this.model.typings.interfaces.get(typing ?? '');
    for (const [name, member] of Object.entries(value)) {
      const memberShape = members[name];
      const at = path ? `${path}.${name}` : name;
      if (!memberShape || (memberShape.location && memberShape.location !== 'body')) {
        this.note(at, 'unknown-member', 'not a member of the modeled shape');
        continue;
      }
      this.check(member, resolve(this.model, memberShape), fields?.get(name), at);
    }
    for (const name of shape.required ?? []) {
      if (!(name in value) && !members[name]?.location) this.note(path ? `${path}.${name}` : name, 'missing-required', 'a required member is absent');
    }
  }
}

/** A scalar: its JSON type, its range, and its enum where the model has one. */
function scalar(model: ServiceModel, value: unknown, type: string, typing: string | undefined, path: string, note: Note): void {
  switch (type) {
    case 'string': {
      if (typeof value !== 'string') return note(path, 'type', `expected a string, got ${typeName(value)}`);
      const values = typing ? model.typings.enums.get(typing) : undefined;
      if (values && !values.includes(value)) note(path, 'enum', `${JSON.stringify(value)} is not one of ${typing} (${values.join(', ')})`);
      return;
    }
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) note(path, 'type', `expected an ${type}, got ${JSON.stringify(value)}`);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') note(path, 'type', `expected a ${type}, got ${JSON.stringify(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') note(path, 'type', `expected a boolean, got ${JSON.stringify(value)}`);
      return;
    case 'blob':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) note(path, 'type', 'expected base64 text');
      return;
    default:
      note(path, 'type', `the checker does not know the model type ${type}`);
  }
}

/** The .d.ts type of a list's or map's elements (`ReplicationTaskList` → `ReplicationTask`). */
function elementTyping(model: ServiceModel, typing: string | undefined, kind: 'list' | 'map'): string | undefined {
  if (!typing) return undefined;
  if (kind === 'list' && typing.endsWith('[]')) return typing.slice(0, -2);
  return (kind === 'list' ? model.typings.lists : model.typings.maps).get(typing);
}

const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: () => true });

function parseXml(body: string): Record<string, unknown> | undefined {
  try {
    // isArray: every element parses as a list, so repeated and single elements read alike.
    return unwrap(xmlParser.parse(body)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Single-element lists back to values, for the error envelope (answers are walked with lists kept). */
function unwrap(node: unknown): unknown {
  if (Array.isArray(node)) return node.length === 1 ? unwrap(node[0]) : node.map(unwrap);
  if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, unwrap(v)]));
  return node;
}

/** awsQuery XML: `<OpResponse><OpResult>` (the resultWrapper), element names, list item names, ISO timestamps. */
function validateXmlAnswer(model: ServiceModel, operation: string, output: Shape, body: string, note: Note): void {
  let root: Record<string, unknown[]>;
  try {
    root = xmlParser.parse(body);
  } catch {
    note('', 'unparseable', 'the body is not XML');
    return;
  }
  const responseName = `${operation}Response`;
  const response = (root[responseName] as Array<Record<string, unknown[]>> | undefined)?.[0];
  if (!response) return note('', 'xml-structure', `the root element must be <${responseName}>`);
  for (const name of Object.keys(response)) {
    if (name !== 'ResponseMetadata' && name !== output.resultWrapper) note(name, 'xml-structure', `unexpected element <${name}> in <${responseName}>`);
  }
  if (!output.resultWrapper) return;
  const result = response[output.resultWrapper]?.[0];
  if (result === undefined) return note(output.resultWrapper, 'xml-structure', `<${output.resultWrapper}> is missing: the client would return an empty output`);
  new XmlChecker(model, note).check(result, output, model.outputTypes[operation], '');
}

class XmlChecker {
  constructor(
    private readonly model: ServiceModel,
    private readonly note: Note,
  ) {}

  check(node: unknown, shape: Shape, typing: string | undefined, path: string): void {
    const type = typeOf(shape);
    if (type === 'structure') return this.structure(node, shape, typing, path);
    if (type === 'list') return this.list(node, shape, typing, path);
    if (type === 'map') return this.note(path, 'type', 'the checker does not read awsQuery maps (none is answered today)');
    if (typeof node !== 'string') return this.note(path, 'type', `expected text, got an element with children`);
    switch (type) {
      case 'timestamp':
        if (!ISO_8601.test(node)) this.note(path, 'timestamp-format', `awsQuery timestamps are ISO-8601, got ${JSON.stringify(node)}`);
        return;
      case 'integer':
      case 'long':
        if (!/^-?\d+$/.test(node)) this.note(path, 'type', `expected an ${type}, got ${JSON.stringify(node)}`);
        return;
      case 'double':
      case 'float':
        if (node.trim() === '' || Number.isNaN(Number(node))) this.note(path, 'type', `expected a ${type}, got ${JSON.stringify(node)}`);
        return;
      case 'boolean':
        if (node !== 'true' && node !== 'false') this.note(path, 'type', `expected true or false, got ${JSON.stringify(node)}`);
        return;
      default:
        return scalar(this.model, node, type, typing, path, this.note);
    }
  }

  private structure(node: unknown, shape: Shape, typing: string | undefined, path: string): void {
    if (node === '') node = {};
    if (!isObject(node)) return this.note(path, 'type', 'expected an element with children');
    const byElement = new Map(Object.entries(shape.members ?? {}).map(([name, member]) => [member.locationName ?? name, { name, member }]));
    const fields = this.model.typings.interfaces.get(typing ?? '');
    for (const [element, occurrences] of Object.entries(node as Record<string, unknown[]>)) {
      const at = path ? `${path}.${element}` : element;
      const entry = byElement.get(element);
      if (!entry) {
        this.note(at, 'unknown-member', 'not a member of the modeled shape');
        continue;
      }
      const member = resolve(this.model, entry.member);
      if (member.flattened) {
        this.note(at, 'xml-structure', 'flattened lists are not answered by the emulator');
        continue;
      }
      if (occurrences.length !== 1) this.note(at, 'xml-structure', `<${element}> appears ${occurrences.length} times`);
      this.check(occurrences[0], member, fields?.get(entry.name), at);
    }
    for (const name of shape.required ?? []) {
      const element = shape.members?.[name]?.locationName ?? name;
      if (!(element in (node as object))) this.note(path ? `${path}.${name}` : name, 'missing-required', 'a required member is absent');
    }
  }

  private list(node: unknown, shape: Shape, typing: string | undefined, path: string): void {
    if (node === '') return; // <Name/>: an empty list
    if (!isObject(node)) return this.note(path, 'type', 'expected a list element');
    const itemName = shape.member?.locationName ?? 'member';
    for (const [element, items] of Object.entries(node as Record<string, unknown[]>)) {
      if (element !== itemName) {
        this.note(`${path}.${element}`, 'xml-structure', `list items must be <${itemName}> (the client ignores <${element}>)`);
        continue;
      }
      items.forEach((item, i) => this.check(item, resolve(this.model, shape.member!), elementTyping(this.model, typing, 'list'), `${path}[${i}]`));
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}
