/** `switchyard help`. */
export const USAGE: string = `switchyard: one streaming interface for every LLM vendor

Usage:
  switchyard chat <provider:model> [prompt]   stream one answer (prompt from stdin when omitted)
      --system <text>        a system message
      --temperature <n>      sampling temperature
      --max-tokens <n>       output token limit
      --tools <file.json>    tools the model may call: [{ "name", "description", "parameters" }]
      --json                 one normalized event per line (for scripts)
      --no-reasoning         hide the model's reasoning
      --base-url <url>       send the request to another server (proxy, local model, replay server)
      --verbose              add the error's cause
  switchyard providers                        providers, packages and which key variables are set
  switchyard replay [--port <n>]              run the replay server of recorded vendor streams
  switchyard demo                             one question, three vendors, replayed locally

Examples:
  switchyard chat openai:gpt-5.4-mini "Write a haiku about trains"
  echo "Summarize: …" | switchyard chat anthropic:claude-sonnet-5-5 --max-tokens 200
  switchyard chat ollama:llama3.1:8b "Hello" --base-url http://localhost:11434/v1

Exit codes: 0 done, 1 error (one line, then a hint), 130 interrupted (Ctrl-C).
Colours only on a terminal, never with NO_COLOR set.
`;
