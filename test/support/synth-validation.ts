// aws-cdk-lib (2.276) validates every synthesized template with its built-in "CloudFormation
// Validate" plugin: a WebAssembly engine initialised again in every test file (jest gives each file
// its own module registry). Its errors are only warnings unless an app opts in, so it decides no test
// outcome, yet it took 78% of test/constructs and test/nag (102 s against 24 s on 2 workers).
// It is switched off here, for the test process and the CLIs it spawns, and switched back on where
// its verdict is asserted: test/nag/cloudformation-validate.test.ts, which synthesizes every construct.
// `CDK_VALIDATION=true npm test` keeps it on everywhere.
process.env.CDK_VALIDATION ??= 'false';
