import type { ReplicationTaskAssessmentRun, ReplicationTaskIndividualAssessment } from '@aws-sdk/client-database-migration-service';
import { DmsAssessmentAttributes as Attr } from '../../../contract';
import { OperationFailedError, describeError } from '../../engine/errors';
import { logger } from '../../engine/logger';
import type { StepResult } from '../../engine/operation';
import { cancelTookEffect, individualAssessments } from './dms-calls';
import type { Gate } from './gate';
import type { Params } from './properties';
import { IN_PROGRESS, MAX_LISTED } from './states';

function resultsUri(run: ReplicationTaskAssessmentRun, params: Params): string {
  const bucket = run.ResultLocationBucket || params.bucket;
  const folder = (run.ResultLocationFolder ?? params.folder).replace(/^\/+|\/+$/g, '');
  return `s3://${bucket}/${folder ? `${folder}/` : ''}`;
}

function counts(run: ReplicationTaskAssessmentRun, individuals: ReplicationTaskIndividualAssessment[] | undefined): Record<string, string> {
  const stat = run.ResultStatistic;
  const tally = (status: string) => (individuals ?? []).filter((i) => i.Status === status).length;
  const pick = (fromRun: number | undefined, status: string) => String(fromRun ?? tally(status));
  return {
    [Attr.PASSED_COUNT]: pick(stat?.Passed, 'passed'),
    [Attr.FAILED_COUNT]: pick(stat?.Failed, 'failed'),
    [Attr.ERROR_COUNT]: pick(stat?.Error, 'error'),
    [Attr.WARNING_COUNT]: pick(stat?.Warning, 'warning'),
    [Attr.CANCELLED_COUNT]: pick(stat?.Cancelled, 'cancelled'),
    [Attr.SKIPPED_COUNT]: pick(stat?.Skipped, 'skipped'),
  };
}

export function attributes(run: ReplicationTaskAssessmentRun, params: Params, individuals?: ReplicationTaskIndividualAssessment[]) {
  return {
    [Attr.RUN_ARN]: run.ReplicationTaskAssessmentRunArn ?? '',
    [Attr.RUN_NAME]: run.AssessmentRunName ?? '',
    [Attr.RESULTS_S3_URI]: resultsUri(run, params),
    ...counts(run, individuals),
    [Attr.NOTE]: '',
  };
}

/** A run in a final status: success, success with a note, or the failure reason. */
async function conclude(gate: Gate, run: ReplicationTaskAssessmentRun): Promise<StepResult> {
  const { params, context } = gate;
  const arn = run.ReplicationTaskAssessmentRunArn!;
  const status = run.Status!;
  const listed = status === 'passed' ? [] : await individualAssessments(gate.dms, arn);
  const individuals = Array.isArray(listed) ? listed : undefined;
  const data = attributes(run, params, individuals);
  const done = (note: string): StepResult => ({ kind: 'complete', status, data: { ...data, [Attr.NOTE]: note }, physicalResourceId: arn });
  if (status === 'passed') return done('');

  const blocking = status !== 'warning' || params.failOnWarning;
  const findings = individuals
    ? individuals.filter((i) => i.Status && !['passed', 'skipped'].includes(i.Status))
    : [];
  const listing = individuals
    ? findings.length > 0
      ? `${findings.length} of ${individuals.length} individual assessments did not pass: ${findings
          .slice(0, MAX_LISTED)
          .map((i) => `${i.IndividualAssessmentName} (${i.Status})`)
          .join(', ')}${findings.length > MAX_LISTED ? `, and ${findings.length - MAX_LISTED} more` : ''}.`
      : `None of its ${individuals.length} individual assessments reported a problem.`
    : `Its individual assessments could not be listed (${describeError((listed as { error: unknown }).error)}).`;
  const dmsSays = run.LastFailureMessage ? ` DMS reports: ${run.LastFailureMessage}.` : '';
  const why =
    status === 'cancelled' || status === 'cancelling'
      ? ' It was cancelled outside this stack.'
      : status === 'warning' && params.failOnWarning
        ? ' "failOnWarning" is true, so warnings block the deployment.'
        : '';
  const summary =
    `DMS premigration assessment run "${run.AssessmentRunName}" (${arn}) of task ${params.taskArn} ended "${status}".${why} ` +
    `${listing}${dmsSays} The reports are in ${resultsUri(run, params)}.`;

  if (blocking && params.failDeploymentOnFailure) {
    context.observed(status);
    throw new OperationFailedError(
      `${summary} Fix what the reports describe (or leave a check out with "exclude"), then retry the stack operation; ` +
        'set "failDeploymentOnFailure" to false to record the outcome without failing the deployment.',
    );
  }
  logger.warn('Assessment did not pass; the deployment continues', { status, failDeploymentOnFailure: params.failDeploymentOnFailure });
  return done(blocking ? `${summary} "failDeploymentOnFailure" is false, so the deployment continued.` : `${summary} Warnings do not block the deployment ("failOnWarning" is false).`);
}

/** Observes a run of ours: wait while it moves, judge it once it is final. */
export async function follow(gate: Gate, run: ReplicationTaskAssessmentRun): Promise<StepResult> {
  const { params, context } = gate;
  const status = run.Status!;
  const arn = run.ReplicationTaskAssessmentRunArn!;
  context.observed(status);
  // A run cancelled outside this stack may read `cancelling` for good: judged once its task is released.
  if (IN_PROGRESS.has(status) && !(await cancelTookEffect(gate.dms, run))) {
    return { kind: 'waiting', status, issued: true, physicalResourceId: arn, data: attributes(run, params) };
  }
  return conclude(gate, run);
}
