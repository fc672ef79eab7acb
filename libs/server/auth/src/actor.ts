import type { Role } from '@tessera/contracts';
import type { RequestOrigin } from '@tessera/server/http';

/** The person behind a request, as the access token and the membership row say. */
export interface Actor {
  userId: string;
  orgId: string;
  email: string;
  name: string;
  role: Role;
  /** Set when the request came with an API token (its id is in `origin.apiTokenId` too, for the audit log). */
  apiTokenId?: string;
  origin: RequestOrigin;
}
