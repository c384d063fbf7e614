/**
 * Actions that IAM only grants on "*", because the service defines no resource type for them in the
 * Service Authorization Reference. Any grant on "*" must be listed here with its reason: the reason is
 * what cdk-nag's acknowledgement carries, and the README's permissions tables repeat it.
 */
export const UNSCOPED_ACTIONS: Readonly<Record<string, string>> = {
  'ec2:DescribeNetworkInterfaces':
    'ec2:DescribeNetworkInterfaces only works when allowed on all resources, as the Lambda documentation for VPC-attached functions states (Service Authorization Reference: no resource types)',
  'ec2:DescribeSubnets': 'ec2:DescribeSubnets defines no resource types (Service Authorization Reference): IAM only accepts "*" for it',
  'dms:DescribeReplicationTaskAssessmentRuns':
    'dms:DescribeReplicationTaskAssessmentRuns takes only filters, no ARN, so IAM authorizes it against "*" even though the Service Authorization Reference lists optional resource types',
  'dms:DescribeReplicationTasks': 'dms:DescribeReplicationTasks defines no resource types (Service Authorization Reference): IAM only accepts "*" for it',
  'dms:DescribeReplicationTaskIndividualAssessments':
    'dms:DescribeReplicationTaskIndividualAssessments defines no resource types (Service Authorization Reference): IAM only accepts "*" for it; it only reads the results of assessment runs',
  'cloudwatch:GetMetricData':
    'cloudwatch:GetMetricData has no resource type for metrics (Service Authorization Reference: only the optional dataset type), so IAM only accepts "*"; granted only with stopWhenCaughtUp, which reads the DMS CDC latency metrics',
  'cloudwatch:ListMetrics':
    'cloudwatch:ListMetrics defines no resource types (Service Authorization Reference): IAM only accepts "*" for it; granted only with stopWhenCaughtUp, to find the DMS CDC latency metrics of the replication',
  'dms:DescribeReplications':
    'dms:DescribeReplications defines no resource types (Service Authorization Reference): IAM only accepts "*" for it; dms:StopReplication, which changes the replication, is scoped to its replication config ARN',
  'drs:DescribeSourceServers':
    'drs:DescribeSourceServers defines no resource types (Service Authorization Reference): IAM only accepts "*" for it; drs:StopReplication, which changes the server, is scoped to its ARN',
  'rds:CancelExportTask':
    'rds:CancelExportTask defines no resource types (Service Authorization Reference): IAM only accepts "*" for it, so no policy can limit a cancel to one export task',
  'rds:DescribeExportTasks': 'rds:DescribeExportTasks defines no resource types (Service Authorization Reference): IAM only accepts "*" for it',
};

/** The acknowledgement reason for a set of unscoped actions, or an error naming the undocumented one. */
export function unscopedReason(actions: readonly string[]): string {
  const missing = actions.filter((a) => !UNSCOPED_ACTIONS[a]);
  if (missing.length > 0) {
    throw new Error(`Granting ${missing.join(', ')} on "*" is not documented in lib/private/unscoped-actions.ts; scope it to its resource or document why it cannot be`);
  }
  return actions.map((a) => UNSCOPED_ACTIONS[a]).join('; ');
}
