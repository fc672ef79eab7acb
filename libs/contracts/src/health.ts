import { z } from 'zod';

/** The 200 answer; not ready is a 503 problem+json that carries the same `checks`. */
export const readiness = z.object({
  status: z.literal('ok'),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() })),
});
export type Readiness = z.infer<typeof readiness>;
