// awsQuery (XML) answers and error envelopes, checked against the model.
import { XMLParser } from 'fast-xml-parser';
import { resolve, ServiceModel, Shape, typeOf } from './models';
import { elementTyping, isObject, ISO_8601, Note, scalar } from './values';

const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: () => true });

export function parseXml(body: string): Record<string, unknown> | undefined {
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
export function validateXmlAnswer(model: ServiceModel, operation: string, output: Shape, body: string, note: Note): void {
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
