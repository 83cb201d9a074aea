/** The recording a replay server answers with when the model name is a real one. */
export const DEFAULT_SCENARIO = 'demo';

/** Where the demo's truncated stream is cut (bytes into the OpenAI "demo" recording: after "I'll look up both"). */
export const DEMO_CUT_AT = 1804;
