#!/usr/bin/env python3
"""A CDK app in Python using every cdk-cutover construct.

Install: pip install aws-cdk-lib constructs cdk-cutover, then `cdk synth` with
`"app": "python3 app.py"` in cdk.json. The test suite checks that every construct and keyword
argument used here exists in the library's jsii assembly (test/package/python.test.ts); it cannot
run the app, because PyPI is not reachable where the tests run.
"""
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_cutover import (
    AssessmentResultEncryption,
    CatchUpOptions,
    CutoverProvider,
    DmsAssessmentRun,
    DmsStartReplication,
    DmsStartReplicationTask,
    DmsStartType,
    DmsStopReplication,
    DmsStopReplicationTask,
    DrsStartReplication,
    DrsStopReplication,
    HuaweiDcsStopMigrationTask,
    LifecycleEvent,
    RdsCancelExportTask,
)

TASK_ARN = "arn:aws:dms:eu-central-1:111122223333:task:ORDERSCDCTASK"

app = App()
stack = Stack(app, "MigrationCutover", env=Environment(account="111122223333", region="eu-central-1"))

# Gate the deployment on a DMS premigration assessment of the task.
key = kms.Key(stack, "ReportsKey", enable_key_rotation=True)
pre_cutover_check = DmsAssessmentRun(
    stack,
    "PreCutoverCheck",
    replication_task_arn=TASK_ARN,
    service_access_role=iam.Role(stack, "AssessmentRole", assumed_by=iam.ServicePrincipal("dms.amazonaws.com")),
    result_location_bucket=s3.Bucket(stack, "Reports", enforce_ssl=True),
    result_location_folder="assessments/orders",
    result_encryption_mode=AssessmentResultEncryption.SSE_KMS,
    result_kms_key=key,
    assessment_run_name="orders-pre-cutover",
    include_only=["mysql-check-binlog-format"],
    fail_deployment_on_failure=True,
    fail_on_warning=False,
    tags={"team": "migration"},
)

# Cutover step: stop change data capture when this stack is deployed, once the task has caught up
# (both CDC latencies at most 5 s for 3 minutes), waiting at most 20 minutes; it fails without
# stopping if the latencies never settle. A cutover that can go back: if a later step of the same
# deployment fails, the rollback resumes the task from its checkpoint (undo_on_rollback). The
# trade-off: writes made to the target after the stop may be overwritten once it replicates again.
stop_orders_cdc = DmsStopReplicationTask(
    stack,
    "StopOrdersCdc",
    replication_task_arn=TASK_ARN,
    run_on=[LifecycleEvent.CREATE],
    wait_for_completion=True,
    timeout=Duration.minutes(20),
    stop_when_caught_up=CatchUpOptions(max_latency=Duration.seconds(5), stable_for=Duration.minutes(3)),
    undo_on_rollback=True,
)

# Teardown: a DMS Serverless replication is stopped before its config is deleted (DMS refuses to
# delete the config of a running replication). The config's ARN as a token orders the two.
serverless = dms.CfnReplicationConfig(
    stack,
    "OrdersServerless",
    replication_config_identifier="orders-serverless",
    replication_type="full-load-and-cdc",
    source_endpoint_arn="arn:aws:dms:eu-central-1:111122223333:endpoint:SOURCE",
    target_endpoint_arn="arn:aws:dms:eu-central-1:111122223333:endpoint:TARGET",
    compute_config=dms.CfnReplicationConfig.ComputeConfigProperty(max_capacity_units=16),
    table_mappings={"rules": []},
)
DmsStopReplication(
    stack,
    "StopOrdersServerless",
    replication_config_arn=serverless.attr_replication_config_arn,
    timeout=Duration.minutes(30),
)

# Teardown: decommission disaster recovery of the old server when the stack is deleted.
DrsStopReplication(
    stack,
    "DecommissionDr",
    source_server_id="s-1234567890abcdef0",
    acknowledge_snapshot_deletion=True,
    # The DRS (recovery) region of the source server, when it is not the stack's.
    region="eu-west-1",
)

# Teardown in another account: the handler assumes a role there (its trust policy allows the
# handler's role with this external id); only sts:AssumeRole is granted here.
DmsStopReplicationTask(
    stack,
    "StopPartnerTask",
    replication_task_arn="arn:aws:dms:eu-west-1:444455556666:task:PARTNERCDCTASK",
    assumed_role_arn="arn:aws:iam::444455556666:role/cutover-target",
    external_id="cutover-partner-1",
)

# The cutover step runs only once the assessment passed (a failing one holds it back).
pre_cutover_check.next(stop_orders_cdc)

# Teardown: cancel an RDS snapshot export still running when the stack is deleted.
# A rollback's Delete leaves targets as they were; this one opts in to cancel on rollbacks too.
RdsCancelExportTask(stack, "CancelExport", export_task_identifier="orders-final-export", run_on_rollback=True)

# Cutover step: stop the Huawei Cloud DCS (Redis) sync, with the handler in a VPC behind a NAT:
# a CutoverProvider of its own places the handler functions there, with custom settings.
vpc = ec2.Vpc(stack, "Vpc", max_azs=2)
vpc_provider = CutoverProvider(
    stack,
    "VpcCutover",
    vpc=vpc,
    vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
    memory_size=512,
    query_interval=Duration.seconds(15),
)
HuaweiDcsStopMigrationTask(
    stack,
    "StopRedisSync",
    project_id="0123456789abcdef0123456789abcdef",
    task_id="9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11",
    region="cn-north-4",
    credentials=secretsmanager.Secret.from_secret_name_v2(stack, "HuaweiKeys", "cutover/huawei-dcs-aksk"),
    provider=vpc_provider,
    run_on=[LifecycleEvent.CREATE],
)

# Start steps (deploy time, by default on Create and Update). Resume a stopped task (AUTO: a
# fresh start only for a task that never ran), with CDC stopping at a given source time.
DmsStartReplicationTask(
    stack,
    "ResumeInventoryCdc",
    replication_task_arn="arn:aws:dms:eu-central-1:111122223333:task:INVENTORYCDCTASK",
    start_type=DmsStartType.AUTO,
    cdc_stop_position="server_time:2026-12-24T18:00:00",
    timeout=Duration.minutes(15),
)

# Start a serverless replication from a recovery checkpoint a stop reported earlier.
DmsStartReplication(
    stack,
    "StartInventoryServerless",
    replication_config_arn="arn:aws:dms:eu-central-1:111122223333:replication-config:INVENTORYSERVERLESS",
    start_type=DmsStartType.START_REPLICATION,
    cdc_start_position="checkpoint:V1#27#mysql-bin-changelog.157832:1975:-1:2002:677883278264080#0#0#*#0#93",
    timeout=Duration.hours(1),
)

# Protect a server again: a restart re-syncs every disk (the old snapshots do not come back).
DrsStartReplication(
    stack,
    "ProtectReportingHost",
    source_server_id="s-0abcdef1234567890",
    region="eu-west-1",
    wait_for_completion=False,
)

app.synth()
