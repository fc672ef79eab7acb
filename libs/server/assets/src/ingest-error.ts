/** The file itself is the problem: retrying cannot help, so the asset fails with this reason. */
export class IngestError extends Error {}
