// A per-process random prefix plus a counter: unique across calls and turns in a process,
// and across processes with overwhelming probability, at the cost of one increment.
const PREFIX = `call_sy${Math.random().toString(36).slice(2, 10)}`;
let counter = 0;

/** A fresh tool call id, for vendors that send none. Unique across calls and turns. */
export function generateToolCallId(): string {
  counter += 1;
  return `${PREFIX}_${counter.toString(36)}`;
}

/** Whether `id` was made by `generateToolCallId` (adapters then omit it from requests). */
export function isGeneratedToolCallId(id: string): boolean {
  return id.startsWith('call_sy') && id.includes('_', 7);
}
