import { conflict, DomainError, forbidden, gone, notFound, reason, tooManyRequests, unauthorized, unprocessable, badRequest } from '@tessera/server/errors';
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

it('names a refusal a client words itself: its code and params beside the English detail', () => {
  const body = (e: DomainError) => toProblem(e).body;
  expect(body(conflict('Only a failed asset can be retried; this one is ready.', reason('not_failed', { status: 'ready' })))).toEqual({
    type: 'https://tessera.dev/problems/409', title: 'Conflict', status: 409, detail: 'Only a failed asset can be retried; this one is ready.', code: 'not_failed', params: { status: 'ready' },
  });
  // The defaults name theirs; a refusal given its own words without a code has none.
  expect([body(forbidden()).code, body(notFound('task')).code, body(forbidden('Only reviewers take review tasks.')).code]).toEqual(['role_forbids', 'not_found', undefined]);
  expect(body(badRequest('bad', [{ path: 'name', message: 'required' }], reason('last_owner')))).toMatchObject({ code: 'last_owner', errors: [{ path: 'name', message: 'required' }] });
});

it('keeps the HTTP layer’s own problems, and hides what it does not know', () => {
  expect(toProblem(new ProblemError(415, 'Unsupported Media Type', 'multipart only')).status).toBe(415);
  const unknown = toProblem(new Error('the pool is on fire'));
  expect(unknown).toMatchObject({ status: 500, unexpected: true });
  expect(JSON.stringify(unknown.body)).not.toMatch(/pool/);
});

it('answers 503 with Retry-After when Postgres is away, however the error is wrapped, and 500 for other errors', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const cases: unknown[] = [
    refused,
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('query failed'), { driverError: refused }),
    new Error('pool', { cause: refused }),
    new AggregateError([refused], ''),
  ];
  for (const error of cases) {
    const p = toProblem(error, 'req-2');
    expect(p).toMatchObject({ status: 503, headers: { 'retry-after': '5' }, body: { status: 503, title: 'Service Unavailable' } });
    // The address and the driver's words stay in the logs.
    expect(JSON.stringify(p.body)).not.toMatch(/ECONNREFUSED|5432|terminat/);
  }
  expect(toProblem(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' })).status).toBe(500);
  expect(toProblem(new Error('boom')).status).toBe(500);
});

it('answers 400 for a value Postgres refuses as text, which no request should have carried that far', () => {
  for (const code of ['22021', '22P05']) {
    const p = toProblem(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code }));
    expect(p).toMatchObject({ status: 400, unexpected: false, body: { detail: 'A value holds a character that cannot be stored (U+0000).' } });
  }
});
