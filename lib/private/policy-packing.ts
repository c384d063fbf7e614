import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeUnscopedActions } from './nag-acknowledgements';
import { estimatePolicyChars } from './policy-size';

/** IAM quotas that bound how many operations one provider's role can carry. */
const MANAGED_POLICY_MAX_CHARS = 6144;
// IAM allows 10 per role. A changed policy is replaced (see nameByContent), and CloudFormation
// attaches the new one before it deletes the old one, so at most half of them are used.
const MANAGED_POLICIES_PER_ROLE = 5;
// Room for the policy envelope ({"Version":…,"Statement":[…]}) and estimation slack.
const MANAGED_POLICY_BUDGET = MANAGED_POLICY_MAX_CHARS - 400;

interface PackedPolicy {
  readonly policy: iam.ManagedPolicy;
  chars: number;
  /** Statements that more resources may join, by their actions. */
  readonly mergeable: Map<string, iam.PolicyStatement>;
  readonly unscopedActions: Set<string>;
  /** The one statement on "*" of this policy: every construct's unscoped actions join it, each once. */
  unscoped?: iam.PolicyStatement;
}

/** Allow statements with the same actions and nothing else (no conditions) can share a resource list. */
function mergeKey(statement: iam.PolicyStatement): string {
  const plain = statement.effect === iam.Effect.ALLOW && !statement.hasPrincipal && statement.notActions.length === 0 && statement.notResources.length === 0;
  // The same conditions may share too (iam:PassRole of two gates on roles passed to DMS).
  const conditions = Object.keys(statement.conditions ?? {}).length === 0 ? '' : `|${JSON.stringify(statement.conditions)}`;
  return plain ? `${[...statement.actions].sort().join(',')}${conditions}` : '';
}

/**
 * Packs the per-construct grants of one handler role into customer-managed policies, so that
 * hundreds of constructs stay within IAM's size quotas (inline policies of one role may not exceed
 * 10,240 characters in total). Managed policies attach from the policy side, so this works for a
 * role the user brings, imported ones included.
 */
export class PolicyPacker {
  private readonly policies: PackedPolicy[] = [];
  /** With an immutable role: what would have been granted, for the annotation that lists it. */
  readonly unattached: iam.PolicyStatement[] = [];

  /**
   * `scope` owns the policies (ids Permissions1, Permissions2, … are contract). With `immutable`
   * nothing is attached to the role (CDK's convention for `mutable: false`): the statements are
   * collected in `unattached` instead.
   */
  constructor(
    private readonly scope: Construct,
    private readonly role: iam.IRole,
    private readonly immutable = false,
  ) {}

  /**
   * Puts statements into the first managed policy with room for them. Statements with the same
   * actions and no conditions share one statement with a list of resources, and the unscoped
   * actions a construct needs sit in the same policy as its scoped ones (one dependency each).
   */
  place(statements: iam.PolicyStatement[], unscopedActions: string[]): iam.ManagedPolicy | undefined {
    const stack = Stack.of(this.scope);
    const unscoped = unscopedActions.length > 0 ? new iam.PolicyStatement({ actions: unscopedActions, resources: ['*'] }) : undefined;
    if (this.immutable) {
      this.unattached.push(...statements);
      if (unscoped) this.unattached.push(unscoped);
      return undefined;
    }
        const cost = (packed: PackedPolicy) =>
      statements.reduce((n, statement) => {
        const existing = packed.mergeable.get(mergeKey(statement));
        if (!existing) return n + estimatePolicyChars(stack, statement.toStatementJson()) + 1;
        const added = statement.resources.filter((r) => !existing.resources.includes(r));
        return n + added.reduce((m, r) => m + estimatePolicyChars(stack, r) + 1, 0);
      }, 0) +
      (!unscoped ? 0 : packed.unscoped ? unscopedActions.filter((a) => !packed.unscopedActions.has(a)).reduce((m, a) => m + a.length + 3, 0) : estimatePolicyChars(stack, unscoped.toStatementJson()) + 1);
    let packed = this.policies.find((p) => p.chars + cost(p) <= MANAGED_POLICY_BUDGET);
    if (!packed) {
      if (this.policies.length >= MANAGED_POLICIES_PER_ROLE) {
        throw new Error(
          `This stack has more cdk-cutover operations than the permissions of one handler role can hold ` +
            `(${MANAGED_POLICIES_PER_ROLE} managed policies of ${MANAGED_POLICY_MAX_CHARS} characters, half of IAM's 10 per role so that updates can replace them). Split the operations across stacks.`,
        );
      }
      const policy = new iam.ManagedPolicy(this.scope, `Permissions${this.policies.length + 1}`, {
        roles: [this.role],
        description: "cdk-cutover: permissions scoped to the targets of this stack's operations",
      });
      packed = { policy, chars: 0, mergeable: new Map(), unscopedActions: new Set() };
      this.policies.push(packed);
    }
    packed.chars += cost(packed);
    for (const statement of statements) {
      const key = mergeKey(statement);
      const existing = packed.mergeable.get(key);
      if (existing) {
        existing.addResources(...statement.resources.filter((r) => !existing.resources.includes(r)));
        continue;
      }
      packed.policy.addStatements(statement);
      if (key) packed.mergeable.set(key, statement);
    }
    if (unscoped) {
      // One statement on "*" per policy: a second construct's unscoped actions join it, without repeats.
      const fresh = unscopedActions.filter((a) => !packed!.unscopedActions.has(a));
      if (!packed.unscoped) {
        packed.unscoped = unscoped;
        packed.policy.addStatements(unscoped);
      } else if (fresh.length > 0) packed.unscoped.addActions(...fresh);
      unscopedActions.forEach((a) => packed!.unscopedActions.add(a));
      // One acknowledgement per policy, naming every unscoped action it holds.
      acknowledgeUnscopedActions(packed.policy, [...packed.unscopedActions]);
    }
    return packed.policy;
  }

  /**
   * Gives each permissions policy a logical id derived from its document. When a construct is
   * removed or points at another target, its grant changes; under a stable id CloudFormation would
   * update the policy in place during the update, and the Delete it sends afterwards, in cleanup,
   * for the old target would run without permission (and cleanup failures are ignored, leaving the
   * target running). A new id makes it a new policy, created in the update, while the old one is
   * deleted in cleanup only after the custom resources that depended on it.
   */
  nameByContent(): void {
    const stack = Stack.of(this.scope);
    for (const { policy } of this.policies) {
      const cfn = policy.node.defaultChild as iam.CfnManagedPolicy;
      const digest = createHash('sha256').update(JSON.stringify(stack.resolve(policy.document))).digest('hex').slice(0, 8).toUpperCase();
      cfn.overrideLogicalId(`${stack.getLogicalId(cfn)}${digest}`);
    }
  }
}
