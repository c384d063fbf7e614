// Only what the long-wait handover uses of this SDK package (see sts.ts for why not the package index).
export { DescribeExecutionCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
