// Only what the handler uses of this SDK package: the ClientFactory imports this module, not the
// package index, so the bundle keeps neither the package's other commands, paginators and waiters nor
// their schemas (the package is side-effect free), and a cold start loads less.
export { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
