import type { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import type { StepContext } from '../../engine/operation';
import type { Params } from './properties';

/** One look at an assessment gate: its properties, the engine's context, and the DMS client to call. */
export interface Gate {
  readonly params: Params;
  readonly context: StepContext;
  readonly dms: DatabaseMigrationServiceClient;
}
