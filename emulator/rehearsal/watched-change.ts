import { ResourceTypes } from '../../contract';
import type { Deployed } from './step';
import type { Reporter } from './timeline';

/**
 * The watched change of a DmsPauseDuringChange, which CloudFormation makes between the pause and the
 * resume (and undoes, in a rollback, between the resume's rollback and the pause's): the rehearsal
 * plays only cdk-cutover resources, so it says when the watched ones change and what state the
 * replication is in then. Called just before the resume's Update (forward) or the pause's rollback
 * Update (back); nothing for any other resource.
 */
export function announceWatchedChange(reporter: Reporter | undefined, d: Deployed, direction: 'forward' | 'back'): void {
  const { resource } = d;
  const resources = resource.stack.template.Resources ?? {};
  const own = resources[resource.logicalId];
  let pauseId: string | undefined;
  if (direction === 'forward' && resource.resourceType === ResourceTypes.DMS_RESUME_AFTER_CHANGE) {
    const getAtt = (own?.Properties?.PausedFor as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt'];
    pauseId = Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
  } else if (direction === 'back' && resource.resourceType === ResourceTypes.DMS_PAUSE_DURING_CHANGE) {
    pauseId = resource.logicalId;
  }
  if (!pauseId) return;
  const watched = Object.entries(resources)
    .filter(([, r]) => ([] as string[]).concat((r as { DependsOn?: string | string[] }).DependsOn ?? []).includes(pauseId!))
    .map(([id, r]) => `${id} (${r.Type})`);
  if (watched.length === 0) return;
  const what = direction === 'forward' ? 'CloudFormation updates the watched resources' : 'CloudFormation changes the watched resources back';
  reporter?.phase(direction === 'forward' ? 'Update' : 'Rollback', `watched change: ${what} ${watched.join(', ')} while ${d.target.description} is ${d.target.status()}`);
}
