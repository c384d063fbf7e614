import type { RecordedExchange } from '../../../emulator';
import { loadModel, resolve, ServiceModel, Shape, typeOf } from './models';
import { parseXml, validateXmlAnswer } from './validate-xml';
import { Difference, DifferenceKind, elementTyping, isObject, ISO_8601, Note, scalar, typeName } from './values';

export type { Difference, DifferenceKind } from './values';

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
