/** The option of the steps a rollback can reverse (the stops and starts of DMS and DRS). */
export interface UndoOnRollbackProps {
  /**
   * Whether a rollback reverses what this step did in the deployment being rolled back: a stop is
   * resumed (DMS `resume-processing` from the recovery checkpoint, DRS `StartReplication`), a start
   * is stopped again. Only what this step itself did in that deployment is reversed: a target it
   * found already stopped (or running) is left alone, and so is one it changed in an earlier,
   * successful deployment. The record of what it did travels in its physical id
   * (`<target>|undo:<action>:<fingerprint of the deployment's properties>`). A rollback is the
   * Delete of a failed first deployment (ROLLBACK_IN_PROGRESS), the Update of a failed update
   * (UPDATE_ROLLBACK_IN_PROGRESS), or the cleanup Delete of the step a failed update replaced
   * (UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS); the undo waits until the target is running (or
   * stopped) again within `timeout`, and fails the rollback with a reason when it cannot.
   *
   * The trade-off: a resumed task replicates again, so any write made to the target after the stop
   * may be overwritten by the source's changes. Turn it on for a cutover stop that must be able to
   * go back; leave it off when the target may take writes of its own before a rollback.
   *
   * Grants the inverse action on the target (e.g. `dms:StartReplicationTask`) and
   * `cloudformation:DescribeStacks` on the stack. Refused on a step that runs only on
   * DELETE (nothing to undo) and together with run on rollback.
   *
   * @default false
   */
  readonly undoOnRollback?: boolean;
}
