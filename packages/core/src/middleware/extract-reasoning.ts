import { LLMError } from '../errors.js';
import type { ChatChunk, ChunkChoice, ChunkDelta } from '../types/chunk.js';
import type { Middleware } from '../wrap-model.js';

export interface ExtractReasoningOptions {
  /** The tag name: text between `<tag>` and `</tag>` is reasoning (default `"think"`). */
  tag?: string;
  /**
   * The stream starts inside the tag: for models whose chat template already opened it, so
   * the text holds only the closing tag (default false).
   */
  startInside?: boolean;
}

/** A piece of text, and whether it is reasoning. */
export interface ReasoningSegment {
  reasoning: boolean;
  text: string;
}

/** Splits streamed text at the tags, across any split of the tags between pushes. */
export interface ReasoningSplitter {
  /** The complete segments in `text` (with what was held back before); holds back a possible partial tag. */
  push(text: string): ReasoningSegment[];
  /** What is held back (at most the tag's length minus one), released at the end of the stream. */
  flush(): ReasoningSegment | undefined;
}

/**
 * The splitter behind `extractReasoning`. Linear in the text: each push scans its text
 * once, and holds back at most `</tag>`'s length minus one characters.
 */
export function createReasoningSplitter(options: ExtractReasoningOptions = {}): ReasoningSplitter {
  const tag = options.tag ?? 'think';
  if (typeof tag !== 'string' || tag === '' || tag.includes('<') || tag.includes('>')) {
    throw new LLMError(
      `extractReasoning needs a tag name without "<" or ">", e.g. "think" (got ${JSON.stringify(tag)}).`,
      {
        code: 'invalid_request',
      },
    );
  }
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let inside = options.startInside === true;
  let pending = '';

  return {
    push(text) {
      const segments: ReasoningSegment[] = [];
      const buffer = pending === '' ? text : pending + text;
      pending = '';
      let pos = 0;
      for (;;) {
        const marker = inside ? close : open;
        const at = buffer.indexOf(marker, pos);
        if (at === -1) {
          const end = buffer.length - partialMarkerLength(buffer, pos, marker);
          if (end > pos) segments.push({ reasoning: inside, text: buffer.slice(pos, end) });
          pending = buffer.slice(end);
          return segments;
        }
        if (at > pos) segments.push({ reasoning: inside, text: buffer.slice(pos, at) });
        inside = !inside;
        pos = at + marker.length;
      }
    },
    flush() {
      if (pending === '') return undefined;
      const segment = { reasoning: inside, text: pending };
      pending = '';
      return segment;
    },
  };
}

/** The length of the longest end of `buffer` (from `from` on) that begins `marker` but is shorter than it. */
function partialMarkerLength(buffer: string, from: number, marker: string): number {
  const longest = Math.min(marker.length - 1, buffer.length - from);
  for (let length = longest; length > 0; length--) {
    const start = buffer.length - length;
    let i = 0;
    while (i < length && buffer.charCodeAt(start + i) === marker.charCodeAt(i)) i++;
    if (i === length) return length;
  }
  return 0;
}

/**
 * A middleware for models that write their reasoning into the text inside `<think>…</think>`
 * (DeepSeek-R1 distills, QwQ and others served through OpenAI-compatible servers): that text
 * becomes reasoning deltas (`onReasoning`, `message.reasoning`) and the tags disappear,
 * however the stream splits them. Only choice 0 (the one core assembles) is rewritten.
 */
export function extractReasoning(options: ExtractReasoningOptions = {}): Middleware {
  // Validates the tag now, when the middleware is built, not at the first call.
  createReasoningSplitter(options);
  return {
    wrapStream(stream) {
      return rewrite(stream, createReasoningSplitter(options));
    },
  };
}

async function* rewrite(stream: AsyncIterable<ChatChunk>, splitter: ReasoningSplitter): AsyncGenerator<ChatChunk> {
  let last: ChatChunk | undefined;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice === undefined || choice.index !== 0) {
      yield chunk;
      continue;
    }
    last = chunk;
    const content = choice.delta.content;
    if (content === undefined && choice.finishReason === null) {
      yield chunk;
      continue;
    }
    const segments = content === undefined || content === '' ? [] : splitter.push(content);
    if (choice.finishReason !== null) {
      const rest = splitter.flush();
      if (rest !== undefined) segments.push(rest);
    }
    if (segments.length === 1 && !segments[0]!.reasoning && segments[0]!.text === content) {
      yield chunk;
      continue;
    }
    // Every segment but the last travels alone, in order; the last one rides on the chunk
    // itself with its other fields (tool calls, finish, usage).
    for (let i = 0; i < segments.length - 1; i++) yield segmentChunk(chunk, segments[i]!);
    yield withSegment(chunk, choice, segments[segments.length - 1]);
  }
  const rest = splitter.flush();
  if (rest !== undefined) yield segmentChunk(last, rest);
}

function segmentChunk(source: ChatChunk | undefined, segment: ReasoningSegment): ChatChunk {
  const delta: ChunkDelta = segment.reasoning ? { reasoning: segment.text } : { content: segment.text };
  const chunk: ChatChunk = { choices: [{ index: 0, delta, finishReason: null }] };
  if (source?.id !== undefined) chunk.id = source.id;
  if (source?.model !== undefined) chunk.model = source.model;
  return chunk;
}

function withSegment(chunk: ChatChunk, choice: ChunkChoice, segment: ReasoningSegment | undefined): ChatChunk {
  const delta: ChunkDelta = { ...choice.delta };
  delete delta.content;
  if (segment !== undefined) {
    if (!segment.reasoning) delta.content = segment.text;
    else delta.reasoning = delta.reasoning === undefined ? segment.text : delta.reasoning + segment.text;
  }
  const choices = chunk.choices.slice();
  choices[0] = { ...choice, delta };
  return { ...chunk, choices };
}
