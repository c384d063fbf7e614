/**
 * The contract between the constructs (lib/) and the handler (lambda/), also read by the emulator:
 * resource types, property keys, attribute names, and per operation the typed properties with
 * `encode` (construct), `decode` (handler) and the one validator per rule both call. It imports
 * neither aws-cdk-lib nor any SDK.
 */
export * from './common';
export * from './rules';
export * from './dms-stop-replication-task';
export * from './dms-stop-replication';
export * from './dms-assessment-run';
export * from './drs-stop-replication';
export * from './rds-cancel-export-task';
export * from './huawei-dcs-stop-migration-task';
export * from './dms-catch-up';
export * from './target-location';
export * from './dms-start';
export * from './dms-start-replication-task';
export * from './dms-start-replication';
export * from './drs-start-replication';
export * from './dms-pause-during-change';
export * from './undo';
export * from './undo-recipes';
export * from './long-wait';
export * from './timeout-ceiling';
