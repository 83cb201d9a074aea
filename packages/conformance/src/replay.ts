// The replay server and the recordings, without vitest: for apps, examples, the CLI and
// any test runner. `@switchyard/conformance` (the main entry) adds runConformance on top.

export { checkResult, GENERATED_ID, type RunOutcome } from './check-result.js';
export { listScenarios, loadRecording, loadRecordings } from './load-recordings.js';
export { MODE_HELP, type ParsedModel, type ParseModelResult, parseModel, type ReplayModes } from './parse-mode.js';
export { defaultRecordingsDir } from './recordings-dir.js';
export { SCENARIO_HEADER, startReplayServer } from './replay-server.js';
export type {
  ExpectedResult,
  ExpectedToolCall,
  RecordedRequest,
  Recording,
  ReplayServer,
  ReplayServerOptions,
  Vendor,
} from './types.js';
export { VENDORS } from './types.js';
export { type ErrorBodyOptions, vendorErrorBody } from './vendor-error-body.js';
