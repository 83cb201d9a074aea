// OpenTelemetry spans for switchyard calls, from core's hooks (GenAI semantic conventions).
export {
  ATTR as GEN_AI_ATTRIBUTES,
  genAiProviderName,
  requestAttributes,
  responseAttributes,
  SWITCHYARD as SWITCHYARD_ATTRIBUTES,
  usageAttributes,
} from './attributes.js';
export { type GenAiMessage, type GenAiPart, inputMessages, outputMessages } from './content.js';
export { type OtelHooksOptions, otelHooks } from './otel-hooks.js';
