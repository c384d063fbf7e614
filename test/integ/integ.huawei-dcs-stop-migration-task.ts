/**
 * Integration test for HuaweiDcsStopMigrationTask, for a user with an AWS account, a Huawei Cloud
 * account and a running DCS migration task (it WILL be stopped):
 *
 *   aws secretsmanager create-secret --name cutover/integ-huawei-aksk \
 *     --secret-string '{"accessKeyId":"…","secretAccessKey":"…"}'
 *   npx integ-runner --directory test/integ --language typescript --app "npx tsx {filePath}" -- \
 *     -c huaweiProjectId=… -c huaweiTaskId=… -c huaweiRegion=cn-north-4
 *
 * The stack stops the task as a cutover step (runOn CREATE). Huawei Cloud is not an AWS API, so
 * the assertion checks the construct's own report: the task reached TERMINATED.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { HuaweiDcsStopMigrationTask, LifecycleEvent } from '../../lib';

const app = new App();
const context = (key: string, placeholder: string): string => app.node.tryGetContext(key) ?? placeholder;

const stack = new Stack(app, 'CutoverIntegHuaweiDcsStop');
const stop = new HuaweiDcsStopMigrationTask(stack, 'StopRedisSync', {
  projectId: context('huaweiProjectId', '0123456789abcdef0123456789abcdef'),
  taskId: context('huaweiTaskId', '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11'),
  region: context('huaweiRegion', 'cn-north-4'),
  credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'HuaweiAkSk', 'cutover/integ-huawei-aksk'),
  runOn: [LifecycleEvent.CREATE],
});

const integ = new IntegTest(app, 'HuaweiDcsStopMigrationTaskInteg', { testCases: [stack] });
integ.assertions.expect('TaskTerminated', ExpectedResult.exact('TERMINATED'), ExpectedResult.exact(stop.status));
app.synth();
