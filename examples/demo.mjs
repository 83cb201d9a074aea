// The README's demo: one handler, three vendors. Each stream goes through the real vendor
// SDK (openai, @anthropic-ai/sdk, @google/genai) and switchyard's adapter, from a local
// replay server on 127.0.0.1 that plays recorded vendor streams byte for byte. The model id
// names the recording; the keys are placeholders that never leave this machine.

import { startReplayServer } from '@switchyard/conformance';
import { streamChatCompletion } from '@switchyard/core';

const server = await startReplayServer();
Object.assign(process.env, {
  OPENAI_BASE_URL: server.baseURL('openai'),
  OPENAI_API_KEY: 'placeholder-key-for-the-local-replay-server',
  ANTHROPIC_BASE_URL: server.baseURL('anthropic'),
  ANTHROPIC_API_KEY: 'placeholder-key-for-the-local-replay-server',
  GOOGLE_GEMINI_BASE_URL: server.baseURL('google'),
  GEMINI_API_KEY: 'placeholder-key-for-the-local-replay-server',
});

const request = {
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  tools: [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
};

// The same handler for every vendor.
const handler = {
  onReasoning: (delta) => process.stdout.write(`\x1b[2m${delta}\x1b[0m`),
  onToken: (token) => process.stdout.write(token),
  onToolCall: (call) => process.stdout.write(`\n  → tool call ${call.name}(${JSON.stringify(call.input)})`),
};

const specs = [
  'openai:text-then-tool-call', // OpenAI Chat Completions: text, then a fragmented tool call
  'anthropic:thinking-tool-use', // Anthropic: signed thinking, redacted thinking, text, tool use
  'google:stop-with-calls', // Gemini: thoughts, two calls and STOP (reported as tool_calls)
  'openai:truncated', // a stream cut before its end: an error, never a silent "stop"
];

try {
  for (const spec of specs) {
    console.log(`\n\x1b[1m${spec}\x1b[0m`);
    try {
      const message = await streamChatCompletion(request, handler, spec, { maxRetries: 0 });
      const { inputTokens, outputTokens } = message.usage ?? {};
      console.log(
        `\n  finish: ${message.finishReason} (vendor: ${message.rawFinishReason}), usage: ${inputTokens} in / ${outputTokens} out`,
      );
    } catch (error) {
      console.log(`\n  ${error.code}: ${error.message}`);
      console.log(`  partial content kept: ${JSON.stringify(error.partial.content)}`);
    }
  }
} finally {
  await server.close();
}
console.log('\nSame code, four streams. Change the spec string to change the vendor.');
