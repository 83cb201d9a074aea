// The replay server in its own process, so that the client's CPU time is measured alone.
import { startReplayServer } from '@switchyard/conformance';

const server = await startReplayServer();
process.stdout.write(`${server.origin}\n`);
// The server does not hold the event loop open by itself (tests must exit); this does.
const keepAlive = setInterval(() => {}, 1 << 30);
process.on('SIGTERM', () => clearInterval(keepAlive));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
