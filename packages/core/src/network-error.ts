// Node's fetch (undici) reports a failed connection as `TypeError: fetch failed` whose cause
// (or an AggregateError's `errors`, when both IPv6 and IPv4 were tried) is the socket error
// with `code`, `address`, `port` and `hostname`; SDKs wrap that once more. A message that says
// "Connection error." helps nobody: this one names the host, the port and the errno.

interface SocketError {
  code: string;
  address?: string;
  hostname?: string;
  port?: number;
}

/**
 * A sentence for a connection that could not be made, naming `host:port` and the errno
 * (`Could not connect to 127.0.0.1:9 (ECONNREFUSED): nothing is listening there. …`), from
 * whatever an SDK or fetch threw. Adapters prefix their provider name.
 */
export function describeConnectionFailure(error: unknown): string {
  const socket = findSocketError(error, 0);
  if (socket === undefined) {
    // Some SDKs drop the socket error but name the URL in their message: name its host:port.
    const detail = innermostMessage(error);
    const host = /https?:\/\/([^\s/?#]+)/.exec(detail)?.[1] ?? 'the server';
    return `Could not reach ${host}${detail === '' ? '' : ` (${detail})`}. Check baseURL and the network.`;
  }
  const host = socket.address ?? socket.hostname;
  const target = host === undefined ? 'the server' : socket.port === undefined ? host : `${host}:${socket.port}`;
  const code = socket.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `Could not connect to ${target} (ECONNREFUSED): nothing is listening there. Check baseURL and that the server is running.`;
    case 'ENOTFOUND':
      return `Could not resolve the host ${target} (ENOTFOUND). Check the host name in baseURL.`;
    case 'EAI_AGAIN':
      return `Could not resolve the host ${target} (EAI_AGAIN): DNS did not answer in time. Check the network, then retry.`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `The connection to ${target} was closed (${code}) before the server answered. Retry; if it keeps happening, check proxies and baseURL.`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Connecting to ${target} timed out (${code}). Check baseURL and the network.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${target} is unreachable (${code}). Check baseURL and the network.`;
    default:
      return `Could not connect to ${target} (${code}). Check baseURL and the network.`;
  }
}

function findSocketError(error: unknown, depth: number): SocketError | undefined {
  if (typeof error !== 'object' || error === null || depth > 6) return undefined;
  const record = error as Record<string, unknown>;
  // An AggregateError carries the code; its first inner error carries the address.
  const errors = record.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const inner = findSocketError(errors[0], depth + 1);
    if (inner !== undefined) return inner;
  }
  const code = record.code;
  if (typeof code === 'string' && /^(?:E[A-Z_]+|UND_ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*)$/.test(code)) {
    return {
      code,
      address: typeof record.address === 'string' ? record.address : undefined,
      hostname: typeof record.hostname === 'string' ? record.hostname : undefined,
      port: typeof record.port === 'number' ? record.port : undefined,
    };
  }
  return findSocketError(record.cause, depth + 1);
}

function innermostMessage(error: unknown): string {
  let current = error;
  let message = '';
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current.message !== '') message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
