// Test helpers for code built on switchyard: a model that plays a script.
export {
  createScriptedModel,
  type ScriptedAttempt,
  type ScriptedModel,
  type ScriptedModelOptions,
  textChunks,
} from './scripted-model.js';
