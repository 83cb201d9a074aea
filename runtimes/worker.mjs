// The smoke app as a Cloudflare Worker: POST the config, get the results as JSON.
import { runScenarios } from './scenarios.mjs';

export default {
  async fetch(request) {
    const config = await request.json();
    return Response.json(await runScenarios(config));
  },
};
