import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as lib from '../../lib';
import { GRANT_FIXTURES, GrantSubject } from './grant-fixtures';
import { codeSpans, readReadme, sections, tablesWithHeader } from './markdown';

/**
 * The README's permissions tables against what the template grants. Each construct's section has a
 * table `| granted to | actions | resource | condition |`; every row is expanded to one grant per
 * action and resource, and compared both ways with the IAM statements the construct adds to a stack.
 */
const HEADER = ['granted to', 'actions', 'resource', 'condition'] as const;
const ENV = { account: '123456789012', region: 'us-east-1' };
const README = readReadme();

/** Every public construct class (the abstract base excluded): each needs a section, a table and a fixture. */
const CONSTRUCTS = Object.entries(lib)
  .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Construct && value !== lib.CutoverOperation)
  .map(([name]) => name)
  .sort();

/** An intrinsic as one comparable string: `${Logical.Attr}` for GetAtt, `${Id}` for Ref, joins flattened. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (typeof v?.Ref === 'string') return `\${${v.Ref}}`;
  if (Array.isArray(v?.['Fn::GetAtt'])) return `\${${(v['Fn::GetAtt'] as string[]).join('.')}}`;
  if (Array.isArray(v?.['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  return JSON.stringify(value);
}

/** One granted permission: who, what, on what, under which condition. */
const grantKey = (principal: string, action: string, resource: string, condition: string) => `${principal} | ${action} | ${resource} | ${condition || '-'}`;

/** The grants in a template's IAM policies, by the principal names of `subject` (others by logical id). */
function templateGrants(stack: Stack, subject: GrantSubject): Set<string> {
  const names = new Map(Object.entries(subject.principals).map(([name, role]) => [stack.resolve((role.node.defaultChild as CfnElement).logicalId), name]));
  const template = App.of(stack)!.synth().getStackByName(stack.stackName).template as { Resources: Record<string, any> };
  const grants = new Set<string>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles: string[] = (resource.Properties.Roles ?? []).map((r: unknown) => flatten(r).replace(/^\$\{(.*)\}$/, '$1'));
    if (roles.length === 0) throw new Error(`Policy ${id} is attached to no role of the stack; the test cannot tell whose grant it is`);
    for (const statement of resource.Properties.PolicyDocument.Statement) {
      const conditions = Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>)
        .flatMap(([operator, entries]) => Object.entries(entries).map(([key, value]) => `${operator} ${key}=${flatten(value)}`))
        .sort()
        .join(', ');
      for (const role of roles) {
        for (const action of [].concat(statement.Action)) {
          for (const r of [].concat(statement.Resource)) grants.add(grantKey(names.get(role) ?? `role ${role}`, action, flatten(r), conditions));
        }
      }
    }
  }
  return grants;
}

/** A README resource or condition value with its placeholders replaced; several values when one placeholder has several. */
function substitute(stack: Stack, text: string, placeholders: Record<string, string | string[]>, row: string): string[] {
  const known: Record<string, string | string[]> = { partition: '${AWS::Partition}', region: ENV.region, account: ENV.account, ...placeholders };
  let results = [''];
  for (const part of text.split(/(<[^>]+>)/)) {
    const name = /^<([^>]+)>$/.exec(part)?.[1];
    if (name === undefined) {
      results = results.map((r) => r + part);
      continue;
    }
    if (!(name in known)) throw new Error(`README row ${row} uses <${name}>, which test/docs/grant-fixtures.ts does not define for this construct`);
    const values = ([] as string[]).concat(known[name]).map((v) => flatten(stack.resolve(v)));
    results = results.flatMap((r) => values.map((v) => r + v));
  }
  return results;
}

/** The grants one README table states, each with the row that states it. */
function documentedGrants(stack: Stack, rows: { line: string; cells: string[] }[], subject: GrantSubject): Map<string, string> {
  const grants = new Map<string, string>();
  for (const { line, cells } of rows) {
    if (cells.length !== HEADER.length) throw new Error(`README row ${line} has ${cells.length} cells; a permissions row has ${HEADER.length}: ${HEADER.join(', ')}`);
    const [grantee, actionCell, resourceCell, conditionCell] = cells;
    // "a, b" grants to both; "handler with vpc" is the handler, on a condition the prose states.
    const principals = grantee
      .replace(/`/g, '')
      .split(',')
      .map((p) => p.split(' with ')[0].trim());
    const unknown = principals.filter((p) => !(p in subject.principals));
    if (unknown.length > 0) throw new Error(`README row ${line} grants to "${unknown.join('", "')}", which is none of: ${Object.keys(subject.principals).join(', ')}`);
    const actions = codeSpans(actionCell).filter((a) => /^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(a));
    // Code spans that are resources: "*", ARN patterns, placeholders; other spans in the cell are prose.
    const resources = codeSpans(resourceCell).filter((r) => r === '*' || r.startsWith('arn:') || r.includes('<'));
    if (actions.length === 0 || resources.length === 0) throw new Error(`README row ${line} names no \`service:Action\` or no resource (\`*\`, \`arn:…\` or \`<placeholder>\`)`);
    const spans = codeSpans(conditionCell);
    if (spans.length % 2 !== 0) throw new Error(`README row ${line}: write a condition as \`key\` = \`value\``);
    const conditions: string[] = [];
    for (let i = 0; i < spans.length; i += 2) {
      for (const value of substitute(stack, spans[i + 1], subject.placeholders, line)) conditions.push(`StringEquals ${spans[i]}=${value}`);
    }
    for (const principal of principals) {
      for (const action of actions) {
        for (const resource of resources.flatMap((r) => substitute(stack, r, subject.placeholders, line))) {
          grants.set(grantKey(principal, action, resource, conditions.sort().join(', ')), line);
        }
      }
    }
  }
  return grants;
}

/** A fresh stack with the fixture built into it. */
function build(name: string, withConstruct: boolean): { stack: Stack; subject: GrantSubject } {
  const stack = new Stack(new App(), withConstruct ? 'Subject' : 'Baseline', { env: ENV });
  return { stack, subject: GRANT_FIXTURES[name](stack, withConstruct) };
}

test('GIVEN the library WHEN its public constructs are listed THEN there are some to check (the discovery itself works)', () => {
  expect(CONSTRUCTS).toEqual(expect.arrayContaining(['CutoverProvider', 'DmsStopReplicationTask']));
});

describe.each(CONSTRUCTS)('%s', (name) => {
  test('GIVEN its README section WHEN read THEN it has exactly one permissions table', () => {
    const section = sections(README).find((s) => s.heading === name);
    if (!section) throw new Error(`README.md has no "## ${name}" section: add one (what it does, an example, props, attributes, permissions)`);
    const tables = tablesWithHeader(section.lines, HEADER);
    if (tables.length !== 1) {
      throw new Error(
        `README.md's "## ${name}" section has ${tables.length} permissions tables; add exactly one, headed | ${HEADER.join(' | ')} |, ` +
          'with a row per grant (see "Reading the permissions tables" in the README)',
      );
    }
  });

  test('GIVEN a stack with it WHEN synthesized THEN its IAM grants are exactly the rows of its README permissions table', () => {
    if (!GRANT_FIXTURES[name]) throw new Error(`test/docs/grant-fixtures.ts has no fixture for ${name}: add one that builds it and names its placeholders and roles`);
    const section = sections(README).find((s) => s.heading === name);
    const rows = section ? tablesWithHeader(section.lines, HEADER)[0] ?? [] : [];

    const baseline = build(name, false);
    const subject = build(name, true);
    const before = templateGrants(baseline.stack, baseline.subject);
    const granted = [...templateGrants(subject.stack, subject.subject)].filter((g) => !before.has(g));
    const documented = documentedGrants(subject.stack, rows, subject.subject);

    const problems = [
      ...[...documented].filter(([grant]) => !granted.includes(grant)).map(([grant, row]) => `README row ${row} states "${grant}", which the template does not grant`),
      ...granted.filter((grant) => !documented.has(grant)).map((grant) => `the template grants "${grant}", which no row of the "## ${name}" permissions table states`),
    ];
    expect(problems).toEqual([]);
  });
});

