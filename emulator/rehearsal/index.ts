/** Programmatic API of `cdk-cutover rehearse`. */
export { readAssembly, synthesize } from './assembly';
export type { AssemblyStack } from './assembly';
export { main } from './cli';
export { createReporter, summaryTable } from './display';
export { parseFaults, FAULTS } from './faults';
export { planRehearsal } from './plan';
export type { CutoverResource, StackPlan } from './plan';
export { rehearse } from './runner';
export type { RehearsalOptions, RehearsalResult } from './runner';
export { emulatorStackStatusHook } from './stack-status';
export type { StackStatus, StackStatusHook } from './stack-status';
export type { Phase, Reporter, StepRecord } from './timeline';
export { writeTimeline } from './timeline';
