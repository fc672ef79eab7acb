import type { z } from 'zod';
import type { setupStatusResponse } from '@tessera/contracts';

export type SetupStatus = z.infer<typeof setupStatusResponse>;
