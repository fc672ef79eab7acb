import { conflict, DomainError, forbidden, gone, notFound, tooManyRequests, unauthorized, unprocessable, badRequest } from '@tessera/server/errors';
import { ProblemError, toProblem } from './problem';

it('maps every kind of domain error to its status, title and problem+json body', () => {
  const cases: [DomainError, number, string][] = [
    [badRequest('bad'), 400, 'Bad Request'],
    [unauthorized(), 401, 'Unauthorized'],
    [forbidden(), 403, 'Forbidden'],
    [notFound('task'), 404, 'Not Found'],
    [conflict('busy'), 409, 'Conflict'],
    [gone('expired'), 410, 'Gone'],
    [unprocessable('rules', [{ path: 'attributes.kind', message: 'required' }]), 422, 'Unprocessable Content'],
    [tooManyRequests('slow down', 30), 429, 'Too Many Requests'],
  ];
  for (const [error, status, title] of cases) {
    const p = toProblem(error, 'req-1');
    expect(p).toMatchObject({ status, unexpected: false, body: { type: `https://tessera.dev/problems/${status}`, title, status, detail: error.detail, requestId: 'req-1' } });
  }
  expect(toProblem(notFound('task')).body.detail).toBe('No such task.');
  expect(toProblem(unprocessable('rules', [{ path: 'attributes.kind', message: 'required' }])).body.errors).toEqual([{ path: 'attributes.kind', message: 'required' }]);
  expect(toProblem(tooManyRequests('slow down', 30)).headers).toEqual({ 'retry-after': '30' });
});

it('keeps the HTTP layer’s own problems, and hides what it does not know', () => {
  expect(toProblem(new ProblemError(415, 'Unsupported Media Type', 'multipart only')).status).toBe(415);
  const unknown = toProblem(new Error('the pool is on fire'));
  expect(unknown).toMatchObject({ status: 500, unexpected: true });
  expect(JSON.stringify(unknown.body)).not.toMatch(/pool/);
});
