import { describe, expect, it } from 'vitest';
import { assistantTurns, listMultiStep, pickStep, valueAt } from '../src/multi-step.js';
import { defaultRecordingsDir } from '../src/recordings-dir.js';
import { startReplayServer } from '../src/replay-server.js';

const dir = defaultRecordingsDir();

describe('multi-step scenarios', () => {
  it.each([
    ['openai', { messages: [{ role: 'user' }, { role: 'assistant' }, { role: 'tool' }] }, 1],
    ['anthropic', { messages: [{ role: 'user' }] }, 0],
    ['google', { contents: [{ role: 'user' }, { role: 'model' }, { role: 'user' }, { role: 'model' }] }, 2],
    [
      'openai-responses',
      {
        input: [
          { role: 'user' },
          { type: 'reasoning' },
          { type: 'function_call' },
          { type: 'function_call' },
          { type: 'function_call_output' },
          { type: 'function_call_output' },
          { type: 'message', role: 'assistant' },
        ],
      },
      2,
    ],
  ] as const)('counts the assistant turns of a %s request', (vendor, body, turns) => {
    expect(assistantTurns(vendor, body)).toBe(turns);
  });

  it('reads dotted paths with negative indexes', () => {
    const body = { messages: [{ content: 'a' }, { content: 'b' }] };
    expect(valueAt(body, 'messages.-1.content')).toBe('b');
    expect(valueAt(body, 'messages.5.content')).toBeUndefined();
    expect(valueAt(body, 'messages.x')).toBeUndefined();
  });

  it('lists the tool-loop conversations of each vendor', () => {
    for (const vendor of ['anthropic', 'google'] as const) {
      expect(listMultiStep(vendor, dir).map((entry) => entry.name)).toEqual(['tool-loop-parallel', 'tool-loop-repair']);
    }
    // OpenAI-compatible servers add their own conversations (Gemini's thought signatures).
    expect(listMultiStep('openai', dir).map((entry) => entry.name)).toEqual([
      'tool-loop-parallel',
      'tool-loop-repair',
      'tool-loop-signature-gemini-compat',
    ]);
  });

  it('picks the step from the request and names a failed assertion', async () => {
    const { name, scenario } = listMultiStep('openai', dir)[0]!;
    const first = await pickStep(dir, 'openai', name, scenario, { messages: [{ role: 'user' }] });
    expect(first.ok && first.step).toBe(1);
    const wrong = await pickStep(dir, 'openai', name, scenario, {
      messages: [{ role: 'user' }, { role: 'assistant', tool_calls: [] }],
    });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.message).toContain('step 2: request body messages.1.tool_calls.0.id should be');
    const beyond = await pickStep(dir, 'openai', name, scenario, {
      messages: [
        { role: 'assistant' },
        { role: 'tool' },
        { role: 'assistant' },
        { role: 'tool' },
        { role: 'assistant' },
      ],
    });
    expect(!beyond.ok && beyond.message).toContain('has 2 steps');
  });

  it('answers a request that fails an assertion with the vendor 400 error', async () => {
    const server = await startReplayServer();
    try {
      const response = await fetch(`${server.baseURL('openai')}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'tool-loop-parallel',
          stream: true,
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 'x' },
          ],
        }),
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain('messages.1.tool_calls.0.id should be');
      const ok = await fetch(`${server.baseURL('openai')}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'tool-loop-parallel',
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('call_Tl8pA1rIsW3aThEr0q7Xz2Kd');
    } finally {
      await server.close();
    }
  });
});
