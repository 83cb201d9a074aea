// The smoke app in a browser page: the runner calls window.runSmoke(config).
import { runScenarios } from './scenarios.mjs';

globalThis.runSmoke = (config) => runScenarios({ ...config, browser: true });
