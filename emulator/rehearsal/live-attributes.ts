import type { CutoverResource } from './plan';
import type { StepRecord } from './timeline';

/**
 * A property that reads another cdk-cutover resource's attribute (`Fn::GetAtt` in the template,
 * e.g. DmsPauseDuringChange's resume reading the pause's PausedFor) gets what that resource's
 * handler last returned on a Create or Update, as CloudFormation resolves it when it sends the
 * event; the static resolver can only name such an attribute, not know it.
 */
export function withLiveAttributes(resource: CutoverResource, properties: Record<string, unknown>, steps: readonly StepRecord[]): Record<string, unknown> {
  const resources = resource.stack.template.Resources ?? {};
  const template = resources[resource.logicalId]?.Properties ?? {};
  let live = properties;
  for (const [key, value] of Object.entries(template)) {
    const getAtt = (value as { 'Fn::GetAtt'?: unknown } | null)?.['Fn::GetAtt'];
    if (!Array.isArray(getAtt) || getAtt.length !== 2) continue;
    const [logicalId, attribute] = getAtt.map(String);
    if (!resources[logicalId]?.Type.startsWith('Custom::Cutover')) continue;
    const last = [...steps]
      .reverse()
      .find((s) => s.stack === resource.stack.displayName && s.logicalId === logicalId && s.result === 'SUCCESS' && s.requestType !== 'Delete' && s.attributes);
    if (last) live = { ...live, [key]: last.attributes![attribute] ?? '' };
  }
  return live;
}
