import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DatabaseMigrationServiceClient,
  DescribeReplicationConfigsCommand,
  DescribeReplicationsCommand,
  DescribeReplicationTasksCommand,
  StopReplicationCommand as DmsStopReplicationCommand,
  StopReplicationTaskCommand,
} from '@aws-sdk/client-database-migration-service';
import { DescribeSourceServersCommand, DrsClient, StopReplicationCommand } from '@aws-sdk/client-drs';
import { CancelExportTaskCommand, DescribeExportTasksCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CloudWatch as CloudWatchV2 } from 'aws-sdk';
import { activeRecorder, Emulator, RecordedExchange } from '../../emulator';
import { ALLOWLIST, allowanceFor } from '../support/conformance/allowlist';
import { loadModel, modeledServices } from '../support/conformance/models';
import { Difference, validateExchange } from '../support/conformance/validate';
import { clientConfig, DEFAULT_CREDENTIALS } from './clients';

// Every answer of every emulator a test file starts is checked by test/support/conformance/setup.ts
// after the file. This file makes the check independent of which other files ran: it calls each
// operation the emulator serves through the real SDK clients (v3, and v2 for CloudWatch's awsQuery
// form), success and error paths, and asserts on the differences itself; and it proves the checker
// sees the differences it claims to see.

const MINUTE = 60_000;
let emulator: Emulator;
const config = () => clientConfig(emulator);

beforeAll(async () => {
  emulator = await Emulator.start({ drs: { uninitializedRegions: ['ap-south-1'] } });
});
afterAll(() => emulator.stop());

/** The unexplained differences of the answers recorded while `drive` ran. */
async function differencesOf(drive: () => Promise<unknown>): Promise<{ exchanges: RecordedExchange[]; unexplained: Difference[] }> {
  const recorder = activeRecorder()!;
  const from = recorder.exchanges.length;
  await drive();
  const exchanges = recorder.exchanges.slice(from);
  return { exchanges, unexplained: exchanges.flatMap(validateExchange).filter((d) => !allowanceFor(d)) };
}

/** The SDK error a call ends in (its name is what the model's error code became). */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('The call succeeded');
}

describe('GIVEN every operation the emulator serves, called through the real SDK clients', () => {
  test('WHEN DMS tasks are listed by instance and endpoint filters and stopped THEN the answers conform and the filters match', async () => {
    const dms = new DatabaseMigrationServiceClient(config());
    const instance = 'arn:aws:dms:us-east-1:123456789012:rep:INSTANCEAAAAAAAAAAAAAAAAAA';
    const source = 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCEAAAAAAAAAAAAAAAAAAAA';
    const task = emulator.dms.seedTask({ identifier: 'conformance-task', replicationInstanceArn: instance, sourceEndpointArn: source });
    emulator.dms.seedTask({ identifier: 'other-task' });
    const { exchanges, unexplained } = await differencesOf(async () => {
      const byInstance = await dms.send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-instance-arn', Values: [instance] }] }));
      const byEndpoint = await dms.send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'endpoint-arn', Values: [source] }] }));
      expect(byInstance.ReplicationTasks?.map((t) => t.ReplicationTaskArn)).toEqual([task]);
      expect(byEndpoint.ReplicationTasks?.map((t) => t.ReplicationInstanceArn)).toEqual([instance]);
      await dms.send(new StopReplicationTaskCommand({ ReplicationTaskArn: task }));
      await failure(dms.send(new StopReplicationTaskCommand({ ReplicationTaskArn: task })));
    });
    expect(exchanges.map((e) => e.operation)).toEqual(['DescribeReplicationTasks', 'DescribeReplicationTasks', 'StopReplicationTask', 'StopReplicationTask']);
    expect(unexplained).toEqual([]);
  });

  test('WHEN DMS Serverless replications and their configs are described and stopped THEN the answers conform', async () => {
    const dms = new DatabaseMigrationServiceClient(config());
    const arn = emulator.dmsServerless.seedReplication({ identifier: 'conformance-config' });
    const { unexplained } = await differencesOf(async () => {
      const configs = await dms.send(new DescribeReplicationConfigsCommand({ Filters: [{ Name: 'replication-config-arn', Values: [arn] }] }));
      expect(configs.ReplicationConfigs?.map((c) => [c.ReplicationConfigIdentifier, c.ReplicationConfigArn])).toEqual([['conformance-config', arn]]);
      expect(configs.ReplicationConfigs?.[0].ReplicationConfigCreateTime).toBeInstanceOf(Date);
      await dms.send(new DescribeReplicationsCommand({ Filters: [{ Name: 'replication-config-arn', Values: [arn] }] }));
      await dms.send(new DmsStopReplicationCommand({ ReplicationConfigArn: arn }));
      const none = await failure(dms.send(new DescribeReplicationConfigsCommand({ Filters: [{ Name: 'replication-config-id', Values: ['nothing'] }] })));
      expect(none.name).toBe('ResourceNotFoundFault');
    });
    expect(unexplained).toEqual([]);
  });

  test('WHEN DRS source servers are described and stopped THEN the answers conform', async () => {
    const drs = new DrsClient(config());
    const id = emulator.drs.seedSourceServer();
    const { unexplained } = await differencesOf(async () => {
      await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [id] } }));
      await drs.send(new StopReplicationCommand({ sourceServerID: id }));
      await failure(drs.send(new StopReplicationCommand({ sourceServerID: 's-00000000000000000' })));
    });
    expect(unexplained).toEqual([]);
  });

  test('WHEN RDS export tasks are described and cancelled THEN the answers conform', async () => {
    const rds = new RDSClient(config());
    emulator.rds.seedExportTask({ identifier: 'conformance-export' });
    const { unexplained } = await differencesOf(async () => {
      await rds.send(new DescribeExportTasksCommand({ ExportTaskIdentifier: 'conformance-export' }));
      await rds.send(new CancelExportTaskCommand({ ExportTaskIdentifier: 'conformance-export' }));
      await failure(rds.send(new CancelExportTaskCommand({ ExportTaskIdentifier: 'no-such-export' })));
    });
    expect(unexplained).toEqual([]);
  });

  test('WHEN CloudFormation stacks and Secrets Manager secrets are read THEN the answers conform', async () => {
    const stackId = emulator.cloudformation.seedStack({ stackName: 'ConformanceStack' });
    emulator.secretsManager.createSecret({ name: 'conformance/secret', value: 'not-a-real-secret' });
    const { unexplained } = await differencesOf(async () => {
      await new CloudFormationClient(config()).send(new DescribeStacksCommand({ StackName: stackId }));
      await new SecretsManagerClient(config()).send(new GetSecretValueCommand({ SecretId: 'conformance/secret' }));
      await failure(new SecretsManagerClient(config()).send(new GetSecretValueCommand({ SecretId: 'no/such/secret' })));
    });
    expect(unexplained).toEqual([]);
  });

  test('WHEN CloudWatch is read over JSON 1.0 (v3) and over awsQuery (the v2 SDK) THEN both answers conform and carry the same datapoints', async () => {
    const task = 'arn:aws:dms:us-east-1:123456789012:task:CONFORMANCETASKAAAAAAAAAAAA';
    const t0 = Math.floor(emulator.clock.now() / MINUTE) * MINUTE - 10 * MINUTE;
    emulator.cloudwatch.putDmsTaskLatency({ taskArn: task, instanceIdentifier: 'conformance', metric: 'CDCLatencySource', steps: [{ atMs: t0, value: 7 }] });
    const metric = {
      Namespace: 'AWS/DMS',
      MetricName: 'CDCLatencySource',
      Dimensions: [
        { Name: 'ReplicationInstanceIdentifier', Value: 'conformance' },
        { Name: 'ReplicationTaskIdentifier', Value: 'CONFORMANCETASKAAAAAAAAAAAA' },
      ],
    };
    const input = { MetricDataQueries: [{ Id: 'lag', MetricStat: { Metric: metric, Period: 60, Stat: 'Maximum' } }], StartTime: new Date(t0), EndTime: new Date(t0 + 5 * MINUTE) };
    const v2 = new CloudWatchV2({ endpoint: emulator.url, region: 'us-east-1', credentials: DEFAULT_CREDENTIALS, maxRetries: 0 });
    const { exchanges, unexplained } = await differencesOf(async () => {
      const json = await new CloudWatchClient(config()).send(new GetMetricDataCommand(input));
      const query = await v2.getMetricData(input).promise();
      expect(query.MetricDataResults?.[0].Values).toEqual(json.MetricDataResults?.[0].Values);
      expect(query.MetricDataResults?.[0].Timestamps?.map((t) => t.getTime())).toEqual(json.MetricDataResults?.[0].Timestamps?.map((t) => t.getTime()));
      expect(json.MetricDataResults?.[0].Values?.length).toBeGreaterThan(0);
      const listed = await v2.listMetrics({ Namespace: 'AWS/DMS', MetricName: 'CDCLatencySource' }).promise();
      expect(listed.Metrics?.map((m) => m.Dimensions)).toContainEqual(metric.Dimensions);
      await new CloudWatchClient(config()).send(new ListMetricsCommand({ Namespace: 'AWS/DMS' }));
    });
    expect(exchanges.map((e) => e.request.headers['content-type'])).toEqual([
      'application/x-amz-json-1.0',
      expect.stringContaining('x-www-form-urlencoded'),
      expect.stringContaining('x-www-form-urlencoded'),
      'application/x-amz-json-1.0',
    ]);
    expect(unexplained).toEqual([]);
  });
});

describe('GIVEN a paging token the service never issued', () => {
  const FORGED = '!!!';

  test('WHEN DMS Describe operations get Marker "!!!" THEN they answer InvalidParameterValueException', async () => {
    const dms = new DatabaseMigrationServiceClient(config());
    emulator.dms.seedTask({ identifier: 'marker-task' });
    for (const call of [
      dms.send(new DescribeReplicationTasksCommand({ Marker: FORGED })),
      dms.send(new DescribeReplicationsCommand({ Marker: FORGED })),
      dms.send(new DescribeReplicationConfigsCommand({ Marker: FORGED })),
    ]) {
      expect((await failure(call)).name).toBe('InvalidParameterValueException');
    }
  });

  test('WHEN a token of one listing is given to another THEN it is refused too (tokens are opaque and scoped)', async () => {
    const cw = new CloudWatchClient(config());
    for (let i = 0; i < 21; i++) emulator.rds.seedExportTask({ identifier: `paged-export-${i}` });
    const rds = new RDSClient(config());
    const page = await rds.send(new DescribeExportTasksCommand({ MaxRecords: 20 }));
    expect(page.Marker).toEqual(expect.any(String));
    const next = await rds.send(new DescribeExportTasksCommand({ MaxRecords: 20, Marker: page.Marker }));
    expect(next.ExportTasks?.length).toBeGreaterThan(0);
    expect((await failure(cw.send(new ListMetricsCommand({ NextToken: page.Marker })))).name).toBe('InvalidNextToken');
    const dms = new DatabaseMigrationServiceClient(config());
    expect((await failure(dms.send(new DescribeReplicationTasksCommand({ Marker: page.Marker })))).name).toBe('InvalidParameterValueException');
  });

  test('WHEN CloudWatch, RDS and DRS get "!!!" THEN they answer InvalidNextToken, InvalidParameterValue and ValidationException', async () => {
    const cw = new CloudWatchClient(config());
    const now = emulator.clock.now();
    const input = {
      MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: 'AWS/DMS', MetricName: 'CDCLatencySource' }, Period: 60, Stat: 'Maximum' } }],
      StartTime: new Date(now - 10 * MINUTE),
      EndTime: new Date(now),
      NextToken: FORGED,
    };
    expect((await failure(cw.send(new GetMetricDataCommand(input)))).name).toBe('InvalidNextToken');
    expect((await failure(cw.send(new ListMetricsCommand({ NextToken: FORGED })))).name).toBe('InvalidNextToken');
    const v2 = new CloudWatchV2({ endpoint: emulator.url, region: 'us-east-1', credentials: DEFAULT_CREDENTIALS, maxRetries: 0 });
    expect(((await failure(v2.listMetrics({ NextToken: FORGED }).promise())) as { code?: string }).code).toBe('InvalidNextToken');
    expect((await failure(new RDSClient(config()).send(new DescribeExportTasksCommand({ Marker: FORGED }))) as { Code?: string }).Code).toBe('InvalidParameterValue');
    expect((await failure(new DrsClient(config()).send(new DescribeSourceServersCommand({ nextToken: FORGED })))).name).toBe('ValidationException');
  });
});

describe('GIVEN a region where DRS was never initialized', () => {
  test('WHEN DescribeSourceServers and StopReplication are called there THEN both answer UninitializedAccountException, while initialized regions answer', async () => {
    const there = new DrsClient(clientConfig(emulator, { region: 'ap-south-1' }));
    const describe = await failure(there.send(new DescribeSourceServersCommand({})));
    const stop = await failure(there.send(new StopReplicationCommand({ sourceServerID: 's-1234567890abcdef0' })));
    expect([describe.name, stop.name]).toEqual(['UninitializedAccountException', 'UninitializedAccountException']);
    await expect(new DrsClient(config()).send(new DescribeSourceServersCommand({}))).resolves.toHaveProperty('items');
  });

  test('WHEN the region is initialized later THEN it answers again', async () => {
    emulator.drs.setInitialized('eu-north-1', false);
    const there = new DrsClient(clientConfig(emulator, { region: 'eu-north-1' }));
    expect((await failure(there.send(new DescribeSourceServersCommand({})))).name).toBe('UninitializedAccountException');
    emulator.drs.setInitialized('eu-north-1', true);
    await expect(there.send(new DescribeSourceServersCommand({}))).resolves.toHaveProperty('items', []);
  });
});

describe('GIVEN answers that depart from the models', () => {
  const exchange = (service: string, operation: string, response: RecordedExchange['response'], headers: Record<string, string> = {}): RecordedExchange => ({
    service,
    operation,
    request: { method: 'POST', path: '/', headers, body: '' },
    response,
    producedBy: 'handle',
  });
  const json = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });
  const kinds = (e: RecordedExchange) => validateExchange(e).map((d) => `${d.path} ${d.kind}`);

  test('WHEN a member is unknown, mistyped, an ISO string in awsJson or outside its enum THEN each is reported', () => {
    expect(kinds(exchange('dms', 'DescribeReplicationTasks', json({ ReplicationTasks: [{ Bogus: 1, ReplicationTaskCreationDate: '2026-01-01T00:00:00Z', ReplicationTaskStats: { ElapsedTimeMillis: 1.5 } }] })))).toEqual([
      'ReplicationTasks[].Bogus unknown-member',
      'ReplicationTasks[].ReplicationTaskCreationDate timestamp-format',
      'ReplicationTasks[].ReplicationTaskStats.ElapsedTimeMillis type',
    ]);
    const drs = { status: 200, headers: {}, body: JSON.stringify({ items: [{ dataReplicationInfo: { dataReplicationState: 'SLEEPING' } }] }) };
    expect(kinds(exchange('drs', 'DescribeSourceServers', drs))).toEqual(['items[].dataReplicationInfo.dataReplicationState enum']);
  });

  test('WHEN awsQuery XML lacks a required member, uses the wrong list item name or an epoch timestamp THEN each is reported', () => {
    const xml = (result: string) => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: `<DescribeStacksResponse><DescribeStacksResult>${result}</DescribeStacksResult></DescribeStacksResponse>` });
    expect(kinds(exchange('cloudformation', 'DescribeStacks', xml('<Stacks><member><StackName>s</StackName><StackStatus>CREATE_COMPLETE</StackStatus></member></Stacks>')))).toEqual([
      'Stacks[].CreationTime missing-required',
    ]);
    expect(kinds(exchange('cloudformation', 'DescribeStacks', xml('<Stacks><Stack><StackName>s</StackName></Stack></Stacks>')))).toEqual(['Stacks.Stack xml-structure']);
    expect(
      kinds(exchange('cloudformation', 'DescribeStacks', xml('<Stacks><member><StackName>s</StackName><CreationTime>1700000000</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus></member></Stacks>'))),
    ).toEqual(['Stacks[].CreationTime timestamp-format']);
    expect(kinds(exchange('rds', 'DescribeExportTasks', { status: 200, body: '<DescribeExportTasksResponse><ExportTasks/></DescribeExportTasksResponse>' }))).toEqual([
      'ExportTasks xml-structure',
      'DescribeExportTasksResult xml-structure',
    ]);
  });

  test('WHEN an error code is neither modeled nor common THEN it is reported, while modeled and common codes pass', () => {
    const error = (code: string) => ({ status: 400, headers: {}, body: JSON.stringify({ __type: code, message: 'm' }) });
    expect(kinds(exchange('dms', 'StopReplicationTask', error('NoSuchThingFault')))).toEqual(['__type error-code']);
    expect(kinds(exchange('dms', 'StopReplicationTask', error('InvalidResourceStateFault')))).toEqual([]);
    expect(kinds(exchange('dms', 'StopReplicationTask', error('ThrottlingException')))).toEqual([]);
    expect(kinds(exchange('drs', 'StopReplication', { status: 400, headers: {}, body: '{"message":"m"}' }))).toEqual([' error-shape']);
  });
});

describe('GIVEN the allowlist of known differences', () => {
  test('THEN every entry gives its reason, and every "newer than the v2 model" entry is absent from aws-sdk 2 and present in the v3 client', () => {
    for (const entry of ALLOWLIST) {
      expect(entry.reason.length).toBeGreaterThan(40);
      expect(modeledServices()).toContain(entry.service);
      if (!entry.inNewerModel) continue;
      const member = entry.path.replace(/^\*\./, '');
      const model = loadModel(entry.service)!;
      expect(JSON.stringify(model.shapes)).not.toContain(`"${member}":`);
      const bundle = readFileSync(join(dirname(require.resolve(`${entry.inNewerModel}/package.json`)), 'dist-cjs', 'index.js'), 'utf8');
      expect(bundle).toContain(`"${member}"`);
    }
    // The report: what is allowed and why, printed with the test run.
    process.stdout.write(`Conformance allowlist (${ALLOWLIST.length}):\n${ALLOWLIST.map((a) => `- ${a.service} ${a.path} ${a.kind}${a.code ? ` ${a.code}` : ''}: ${a.reason}`).join('\n')}\n`);
  });
});
