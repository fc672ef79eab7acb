import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from './problem';

/** Every error leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    sendProblem(err, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(err, req.id);
  if (problem.unexpected) req.log.error({ err }, 'unhandled error');
  else req.log.info({ status: problem.status, detail: problem.body.detail }, 'request refused');
  if (reply.sent) return;
  reply.status(problem.status).headers(problem.headers).type('application/problem+json').send(problem.body);
}
