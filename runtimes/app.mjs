// The smoke app for runtimes that run files with package resolution: Node, Bun, Deno.
// Usage: <runtime> runtimes/app.mjs '<config JSON>'; prints one line "SMOKE_RESULT <json>".
import { runScenarios } from './scenarios.mjs';

const config = JSON.parse(process.argv[2] ?? '{}');
const results = await runScenarios(config);
console.log(`SMOKE_RESULT ${JSON.stringify(results)}`);
