import type { Role } from '@tessera/contracts';
import type { RequestOrigin } from '@tessera/server/http';

/** The person behind a request, as the access token and the membership row say. */
export interface Actor {
  userId: string;
  orgId: string;
  email: string;
  name: string;
  role: Role;
  origin: RequestOrigin;
}
