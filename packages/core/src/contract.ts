/**
 * The version of the contract between core and adapters. An adapter states the version it
 * was built for (`ProviderPlugin.contractVersion`); core refuses a mismatch with a clear error.
 */
export const CORE_CONTRACT_VERSION = 1;
