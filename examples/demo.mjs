// The README's demo: streams a chat completion with switchyard's handler API.
// It needs no API key: the model is core's scripted test model, playing a recorded-style
// stream with text, a fragmented tool call and usage, at a human pace.
import { streamChatCompletion } from '@switchyard/core';
import { createScriptedModel } from '@switchyard/core/testing';

const chunk = (delta, finishReason = null, extra = {}) => ({
  choices: [{ index: 0, delta, finishReason, rawFinishReason: finishReason ?? undefined }],
  ...extra,
});

const model = createScriptedModel({
  provider: 'demo',
  modelId: 'scripted',
  delayMs: 40,
  chunks: [
    chunk({ role: 'assistant', content: 'Let me check ' }),
    chunk({ content: 'the weather in ' }),
    chunk({ content: 'Zürich 🌦️ for you.' }),
    chunk({ toolCalls: [{ index: 0, id: 'call_demo_1', name: 'get_weather', arguments: '{"ci' }] }),
    chunk({ toolCalls: [{ index: 0, arguments: 'ty":"Zür' }] }),
    chunk({ toolCalls: [{ index: 0, arguments: 'ich","unit":"c"}' }] }),
    chunk({}, 'tool_calls', { usage: { inputTokens: 42, outputTokens: 17, totalTokens: 59 } }),
  ],
});

const request = {
  messages: [{ role: 'user', content: 'What is the weather in Zürich?' }],
  tools: [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
};

const message = await streamChatCompletion(
  request,
  {
    onStart: () => process.stdout.write('assistant: '),
    onToken: (token) => process.stdout.write(token),
    onToolCall: (call) =>
      process.stdout.write(`\n→ tool call ${call.name}(${JSON.stringify(call.input)}) [${call.id}]`),
    onError: (error) => console.error(`\n${error}`),
  },
  model,
);

console.log(`\nfinish: ${message.finishReason} (vendor said "${message.rawFinishReason}")`);
console.log(`usage: ${message.usage.inputTokens} in, ${message.usage.outputTokens} out`);
console.log('Swap vendors by passing a spec instead, e.g. "openai:gpt-4o" or "anthropic:claude-sonnet-4-5".');
