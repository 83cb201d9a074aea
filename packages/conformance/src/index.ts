// runConformance: the vitest suite every adapter (ours or a third party's) runs.

export { checkResult, GENERATED_ID, type RunOutcome } from './check-result.js';
export { cutOffsets } from './cut-offsets.js';
export { CONFORMANCE_REQUEST, runWithEvents, runWithHandler } from './drive-model.js';
// Hostile servers: stalls, floods, endless lines, gzip bombs, huge error bodies, cross-origin redirects.
export {
  HOSTILE_MODES,
  type HostileMode,
  type HostileRequest,
  type HostileServer,
  type HostileServerOptions,
  startHostileServer,
} from './hostile-server.js';
// Recordings on disk: `<vendor>/<scenario>.sse` (exact body bytes) + `.json` (expected result).
export { listScenarios, loadRecording, loadRecordings } from './load-recordings.js';
// Multi-request conversations (tool loops): a folder per scenario, one body per step.
export {
  listMultiStep,
  type MultiStepScenario,
  type MultiStepStep,
  pickStep,
  readMultiStep,
  type StepPick,
} from './multi-step.js';
// The model-name mode grammar and the byte splits it drives, for tests that need the same offsets.
export { MODE_HELP, type ParsedModel, type ParseModelResult, parseModel, type ReplayModes } from './parse-mode.js';
export { defaultRecordingsDir } from './recordings-dir.js';
// The replay server: recorded vendor streams served on 127.0.0.1 with fault injection.
export { SCENARIO_HEADER, startReplayServer } from './replay-server.js';
export { type ConformanceOptions, DEFAULT_WRITE_MODES, runConformance } from './run-conformance.js';
export { type HostileOptions, runHostileSuite } from './run-hostile.js';
export {
  CONFORMANCE_TOOLS,
  checkToolLoop,
  registerToolLoops,
  type ToolLoopContext,
  type ToolLoopExpected,
} from './run-tool-loop.js';
export { splitBytes } from './split-bytes.js';
export { eventBoundaries, splitAt, splitEvents } from './split-events.js';
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
