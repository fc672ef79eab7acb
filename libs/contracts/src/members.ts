import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { roleSchema } from './roles';

export const member = z.object({
  userId: uuid,
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  joinedAt: isoDateTime,
});
export type Member = z.infer<typeof member>;

export const memberList = z.object({ items: z.array(member) });

export const memberUpdateRequest = z.strictObject({ role: roleSchema });
export type MemberUpdateRequest = z.infer<typeof memberUpdateRequest>;

export const memberParams = z.strictObject({ userId: uuid });
