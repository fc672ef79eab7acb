import type { IngestErrorCode } from '@tessera/contracts';

/** The file itself is the problem: retrying cannot help, so the asset fails with this code and reason. */
export class IngestError extends Error {
  constructor(readonly code: IngestErrorCode, message: string) {
    super(message);
  }
}
