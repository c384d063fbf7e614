import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LifecycleEvent, ResourceType } from '../../contract';

/** The prop that names an operation's target, and its value. */
export interface TargetIdentity {
  readonly prop: string;
  readonly value: string;
}

/** The operations of each stack by resource type and literal target, with the events they run on. */
const claims = new WeakMap<Stack, Map<string, { readonly path: string; readonly runOn: readonly LifecycleEvent[] }[]>>();

/**
 * Refuses a second construct of the same operation on the same literal target whose runOn overlaps
 * an earlier one's: the two would race for one task (and the rehearsal could not tell their calls
 * apart). Different operations on one target, e.g. a gate and a stop of the same task, are fine.
 */
export function claimTarget(scope: Construct, resourceType: ResourceType, target: TargetIdentity, runOn: readonly LifecycleEvent[]): void {
  if (Token.isUnresolved(target.value)) return;
  const stack = Stack.of(scope);
  let byTarget = claims.get(stack);
  if (!byTarget) claims.set(stack, (byTarget = new Map()));
  const key = `${resourceType}|${target.value}`;
  const earlier = byTarget.get(key) ?? [];
  const clash = earlier.find((e) => e.runOn.some((event) => runOn.includes(event)));
  if (clash) {
    const shared = clash.runOn.filter((event) => runOn.includes(event)).join(', ');
    throw new Error(
      `${scope.node.path} and ${clash.path} are the same operation on the same "${target.prop}" (${target.value}), both on ${shared}; ` +
        'keep one of them, or give them "runOn" lists that do not overlap',
    );
  }
  byTarget.set(key, [...earlier, { path: scope.node.path, runOn }]);
}
