import { type ChatChunk, complete, logging, wrapModel } from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { deltaChunk, fastRetry, finish, rejectionOf, request, serverError, text, usage } from './helpers.js';

const chunks: ChatChunk[] = [
  deltaChunk({ role: 'assistant' }, { id: 'chatcmpl-7', model: 'gpt-x-2026' }),
  text('Hello'),
  finish('stop'),
  usage({ inputTokens: 12, outputTokens: 34 }),
];

/** Lines with the duration replaced, so they can be compared. */
function stable(lines: string[]): string[] {
  return lines.map((line) => line.replace(/ ms=\d+$/, ' ms=N'));
}

describe('logging', () => {
  it('writes one line per call: provider, model, finish, id, usage and duration', async () => {
    const lines: string[] = [];
    const model = createScriptedModel({ provider: 'openai', modelId: 'gpt-x', chunks });
    await complete(
      request,
      wrapModel(
        model,
        logging((line) => lines.push(line)),
      ),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ ms=\d+$/);
    expect(stable(lines)).toEqual(['switchyard openai:gpt-x finish=stop id=chatcmpl-7 in=12 out=34 ms=N']);
  });

  it('writes failures to error with the code and status, one line per attempt', async () => {
    const info: string[] = [];
    const error: string[] = [];
    const model = createScriptedModel({
      provider: 'openai',
      modelId: 'gpt-x',
      attempts: [{ error: serverError() }, { chunks: textChunks('ok') }],
    });
    const logger = { info: (line: string) => info.push(line), error: (line: string) => error.push(line) };
    await complete(request, wrapModel(model, logging(logger)), { retryDelay: fastRetry });
    expect(stable(error)).toEqual(['switchyard openai:gpt-x error=server status=500 ms=N']);
    expect(stable(info)).toEqual(['switchyard openai:gpt-x finish=stop ms=N']);
  });

  it('writes a line when the consumer leaves early', async () => {
    const lines: string[] = [];
    const model = createScriptedModel({ provider: 'p', modelId: 'm', chunks });
    const wrapped = wrapModel(
      model,
      logging((line) => lines.push(line)),
    );
    for await (const _chunk of wrapped.createChatCompletionStream(request)) break;
    expect(stable(lines)).toEqual(['switchyard p:m closed early id=chatcmpl-7 ms=N']);
    expect(model.closedEarly).toBe(1);
  });

  it('never writes the request, the output or a key', async () => {
    const lines: string[] = [];
    const model = createScriptedModel({ chunks: [text('secret answer sk-live-123'), finish()] });
    const secretRequest = { messages: [{ role: 'user' as const, content: 'my key is sk-live-123' }] };
    await complete(
      secretRequest,
      wrapModel(
        model,
        logging((line) => lines.push(line)),
      ),
    );
    expect(lines.join('\n')).not.toMatch(/sk-live|secret|my key/);
  });

  it('ignores a logger that throws', async () => {
    const model = createScriptedModel({ chunks: textChunks('ok') });
    const wrapped = wrapModel(
      model,
      logging(() => {
        throw new Error('disk full');
      }),
    );
    expect((await complete(request, wrapped)).content).toBe('ok');
  });

  it("rethrows the stream's error unchanged", async () => {
    const failure = serverError();
    const model = createScriptedModel({ attempts: [{ error: failure }] });
    const error = await rejectionOf(
      complete(
        request,
        wrapModel(
          model,
          logging(() => {}),
        ),
        { maxRetries: 0 },
      ),
    );
    expect(error).toBe(failure);
  });
});
