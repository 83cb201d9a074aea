// Installs every runtime of the smoke suite (CI starts this in the background early, so the
// downloads overlap the build and the test runs). Prints what it installed; exits 1 on failure.
import {
  installBun,
  installChromium,
  installDeno,
  installMiniflare,
  installNodeVersion,
  installPlaywright,
  VERSIONS,
} from './install.mjs';

const started = performance.now();
const jobs = [
  ...VERSIONS.node.map((version) => [`node ${version}`, () => installNodeVersion(version)]),
  ['bun', installBun],
  ['deno', installDeno],
  ['miniflare', installMiniflare],
  ['playwright-core', installPlaywright],
  ['chromium', installChromium],
];
const results = await Promise.allSettled(jobs.map(([, install]) => install()));
let failed = false;
results.forEach((result, i) => {
  if (result.status === 'fulfilled') console.log(`installed ${jobs[i][0]}`);
  else {
    failed = true;
    console.log(`FAILED ${jobs[i][0]}: ${result.reason?.message ?? result.reason}`);
  }
});
console.log(`runtime installs took ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
