import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import { awsQuery, awsQueryRouting, isoTime, xmlElement } from '../core/aws-query';
import type { AccessKeyRegistry, Caller } from '../core/identity';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';

const VERSION = '2011-06-15';
const query = awsQuery('https://sts.amazonaws.com/doc/2011-06-15/');
const OPERATIONS = new Set(['AssumeRole', 'GetCallerIdentity']);
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * A role the emulator's IAM knows, with the parts of its trust policy the emulator enforces. The
 * trust is explicit, as in IAM: name at least one trusted account or role; nobody else may assume it.
 */
export interface StsRoleSeed {
  readonly roleArn: string;
  /** The trust policy's `sts:ExternalId` condition. @default - no condition: any or no ExternalId */
  readonly externalId?: string;
  /** Accounts whose principals the trust policy allows (`"AWS": "arn:aws:iam::<account>:root"`). @default - none */
  readonly trustedAccounts?: readonly string[];
  /** Roles the trust policy allows (`"AWS": "<role ARN>"`): their sessions, and the function keys registered with that principal. @default - none */
  readonly trustedRoleArns?: readonly string[];
  /** The role's MaxSessionDuration (3600–43200). @default 3600 */
  readonly maxSessionDurationSeconds?: number;
}

/** A session STS issued: its temporary key belongs to the role's account. */
export interface StsSession {
  readonly accessKeyId: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string;
  readonly account: string;
  readonly expiresAt: number;
  /** The session's secret parts, kept so tests can prove they never reach a log, attribute or message. */
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Who assumed the role. */
  readonly assumedBy: Caller;
}

/**
 * AWS STS over awsQuery (regional endpoint, as current clients use): AssumeRole against roles
 * registered here, and GetCallerIdentity. Issued ASIA… keys are registered to the role's account, so
 * every later call signed with them sees that account's resources. As in IAM, a role that does not
 * exist, a trust policy that does not name the caller's account and a wrong or missing ExternalId
 * all answer the same AccessDenied: STS does not tell which one failed.
 */
export class StsService implements ServiceModule {
  readonly name = 'sts';
  private readonly roles = new Map<string, StsRoleSeed>();
  private readonly issued = new Map<string, StsSession>();
  private readonly routing = awsQueryRouting('sts', VERSION, OPERATIONS);
  readonly matches = this.routing.matches;
  readonly operationOf = this.routing.operationOf;

  constructor(
    private readonly clock: Clock,
    private readonly accessKeys: AccessKeyRegistry,
  ) {}

  /** Registers a role that AssumeRole can assume; returns its ARN. */
  registerRole(role: StsRoleSeed): string {
    if (!ROLE_ARN.test(role.roleArn)) throw new Error(`Not an IAM role ARN: ${role.roleArn}`);
    if ((role.trustedAccounts ?? []).length + (role.trustedRoleArns ?? []).length === 0) {
      throw new Error(`Role ${role.roleArn} trusts nobody: name its trustedAccounts or trustedRoleArns, as its trust policy would`);
    }
    for (const account of role.trustedAccounts ?? []) if (!/^\d{12}$/.test(account)) throw new Error(`A trusted account id has 12 digits, got ${account}`);
    for (const arn of role.trustedRoleArns ?? []) if (!ROLE_ARN.test(arn)) throw new Error(`Not an IAM role ARN in trustedRoleArns: ${arn}`);
    const max = role.maxSessionDurationSeconds ?? 3600;
    if (!(max >= 3600 && max <= 43200)) throw new Error(`maxSessionDurationSeconds must be 3600–43200, got ${max}`);
    this.roles.set(role.roleArn, role);
    return role.roleArn;
  }

  /** Sessions issued so far, oldest first. */
  sessions(): StsSession[] {
    return [...this.issued.values()];
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    const params = new URLSearchParams(request.body);
    const refused = query.refuseUnknown(params, VERSION, OPERATIONS);
    if (refused) return refused;
    return params.get('Action') === 'AssumeRole' ? this.assumeRole(params, request.caller) : this.getCallerIdentity(request.caller);
  }

  renderFault(kind: RenderedFaultKind, request: EmulatorRequest): EmulatorResponse {
    return query.fault(kind, this.operationOf(request));
  }

  private assumeRole(params: URLSearchParams, caller: Caller): EmulatorResponse {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const externalId = params.get('ExternalId') ?? undefined;
    if (!roleArn) return query.error('MissingParameter', 'The request must contain the parameter RoleArn', 400);
    if (!params.has('RoleSessionName')) return query.error('MissingParameter', 'The request must contain the parameter RoleSessionName', 400);
    const invalid = validationMessage(roleArn, sessionName, externalId, params.get('DurationSeconds'));
    if (invalid) return query.error('ValidationError', invalid, 400);
    const role = this.roles.get(roleArn);
    const account = ROLE_ARN.exec(roleArn)![1];
    const trusted = role !== undefined && this.trusts(role, caller) && (role.externalId === undefined || role.externalId === externalId);
    if (!trusted) {
      return query.error(
        'AccessDenied',
        `User: ${callerArn(caller, this.issued)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    const duration = params.has('DurationSeconds') ? Number(params.get('DurationSeconds')) : 3600;
    const max = role.maxSessionDurationSeconds ?? 3600;
    if (duration > max) {
      return query.error('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`, 400);
    }
    const accessKeyId = `ASIA${token(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    const expiresAt = this.clock.now() + duration * 1000;
    const secretAccessKey = randomBytes(30).toString('base64');
    const sessionToken = `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`;
    // Every later call signed with this key must carry this token and be signed with this secret.
    this.accessKeys.register({ accessKeyId, account, secretAccessKey, sessionToken, expiresAt, principalArn: roleArn });
    this.issued.set(accessKeyId, { accessKeyId, roleArn, sessionName, externalId, account, expiresAt, secretAccessKey, sessionToken, assumedBy: caller });
    const roleName = ROLE_ARN.exec(roleArn)![2];
    const roleId = `AROA${token(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    return query.ok(
      'AssumeRole',
      '<Credentials>' +
        xmlElement('AccessKeyId', accessKeyId) +
        xmlElement('SecretAccessKey', secretAccessKey) +
        xmlElement('SessionToken', sessionToken) +
        xmlElement('Expiration', isoTime(expiresAt)) +
        '</Credentials><AssumedRoleUser>' +
        xmlElement('AssumedRoleId', `${roleId}:${sessionName}`) +
        xmlElement('Arn', `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`) +
        '</AssumedRoleUser><PackedPolicySize>0</PackedPolicySize>',
    );
  }

  /** Whether the role's trust policy names the caller: its account, or the role it acts as. */
  private trusts(role: StsRoleSeed, caller: Caller): boolean {
    if (role.trustedAccounts?.includes(caller.account)) return true;
    const principal = this.accessKeys.lookup(caller.accessKeyId)?.principalArn;
    return principal !== undefined && (role.trustedRoleArns ?? []).includes(principal);
  }

  private getCallerIdentity(caller: Caller): EmulatorResponse {
    const session = this.issued.get(caller.accessKeyId);
    return query.ok(
      'GetCallerIdentity',
      xmlElement('UserId', session ? `AROAEMULATOR:${session.sessionName}` : caller.accessKeyId || 'AIDAEMULATOR') +
        xmlElement('Account', caller.account) +
        xmlElement('Arn', callerArn(caller, this.issued)),
    );
  }
}

/** The first constraint an AssumeRole input breaks, worded as STS's ValidationError does. */
function validationMessage(roleArn: string, sessionName: string, externalId: string | undefined, duration: string | null): string | undefined {
  if (!ROLE_ARN.test(roleArn)) return `${roleArn} is invalid`;
  if (!SESSION_NAME.test(sessionName)) {
    return `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must ${
      sessionName.length < 2 || sessionName.length > 64 ? 'have length between 2 and 64' : 'satisfy regular expression pattern: [\\w+=,.@-]*'
    }`;
  }
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    return `1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*`;
  }
  if (duration !== null && !(Number.isInteger(Number(duration)) && Number(duration) >= 900)) {
    return `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`;
  }
  return undefined;
}

function callerArn(caller: Caller, sessions: ReadonlyMap<string, StsSession>): string {
  const session = sessions.get(caller.accessKeyId);
  if (!session) return `arn:aws:iam::${caller.account}:user/emulator`;
  return `arn:aws:sts::${session.account}:assumed-role/${ROLE_ARN.exec(session.roleArn)![2]}/${session.sessionName}`;
}

function token(length: number, alphabet: string): string {
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}
