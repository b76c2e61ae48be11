import pkg from '../../package.json';

/** This tool's version, recorded in every sidecar and report. */
export const TOOL_VERSION: string = pkg.version;
