import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { UNSTORABLE_TEXT, unstorableTextAt } from '@tessera/server/db';
import { CONTRACT, type RouteContract } from './contract';
import { notFound, ProblemError, zodErrors } from './problem';

type Part = 'params' | 'query' | 'body';
const PARTS: Part[] = ['params', 'query', 'body'];

/**
 * Replaces params, query and body with their parsed form before the handler
 * sees them. Strict schemas reject unknown fields instead of dropping them.
 */
@Injectable()
export class ContractInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler) {
    const contract = this.reflector.get<RouteContract | undefined>(CONTRACT, ctx.getHandler());
    if (contract) {
      const req = ctx.switchToHttp().getRequest<FastifyRequest & Record<Part, unknown>>();
      const errors: ReturnType<typeof zodErrors> = [];
      for (const part of PARTS) {
        const schema = contract[part] as z.ZodType | undefined;
        if (!schema) continue;
        const input = part === 'body' ? req.body ?? undefined : { ...(req[part] as object) };
        const parsed = schema.safeParse(input);
        if (!parsed.success) {
          errors.push(...zodErrors(parsed.error, [part]));
          continue;
        }
        req[part] = parsed.data;
        // Refused here by name, where the statement would fail as the server's error.
        const notText = unstorableTextAt(parsed.data);
        if (notText !== null) errors.push({ path: [part, notText].filter(Boolean).join('.'), message: UNSTORABLE_TEXT, code: 'not_text' });
      }
      if (errors.length) {
        const notFoundParam = errors.every((e) => e.path.startsWith('params.'));
        // A malformed id names nothing that exists: answer as for an unknown id, code and all.
        if (notFoundParam) throw notFound();
        throw new ProblemError(400, 'Bad Request', 'The request does not match its schema.', errors);
      }
    }
    return next.handle();
  }
}
