import { DataSource, type QueryRunner } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { commitWithThisTurn } from './preparing-client';

/** Only tableless SELECTs and session-local temporary tables here, so the server’s own database will do (this library cannot use the testing one’s). */
const SERVER_DATABASE = `${process.env.TEST_DATABASE_ROOT ?? 'postgres://postgres@127.0.0.1:5432'}/postgres`;

/**
 * The pool's statements as Postgres sees them: a repeated statement with parameters is prepared on its
 * connection from its second use, and answers as before; others are sent as they were.
 */
let ds: DataSource;
let qr: QueryRunner;

beforeAll(async () => {
  ds = await new DataSource(dataSourceOptions(SERVER_DATABASE)).initialize();
  qr = ds.createQueryRunner();
  await qr.connect(); // one connection throughout: prepared statements are the session's
});

afterAll(async () => {
  await qr?.release();
  await ds?.destroy();
});

const preparedOn = async (r: QueryRunner): Promise<string[]> =>
  (await r.query('SELECT statement FROM pg_prepared_statements')).map((row: { statement: string }) => row.statement);

describe('PreparingClient', () => {
  it('prepares a statement with parameters from its second use, and answers as before', async () => {
    const sql = 'SELECT $1::int + 1 AS n /* prepared from its second use */';
    expect(await qr.query(sql, [1])).toEqual([{ n: 2 }]);
    expect(await preparedOn(qr)).not.toContain(sql);
    expect(await qr.query(sql, [41])).toEqual([{ n: 42 }]);
    expect(await preparedOn(qr)).toContain(sql);
    expect(await qr.query(sql, [-1])).toEqual([{ n: 0 }]);
    expect((await preparedOn(qr)).filter((s) => s === sql)).toHaveLength(1);
  });

  it('sends statements without parameters as they are', async () => {
    const sql = 'SELECT 1 AS one /* no parameters */';
    for (let i = 0; i < 3; i++) expect(await qr.query(sql)).toEqual([{ one: 1 }]);
    expect(await preparedOn(qr)).not.toContain(sql);
  });

  it('reports a prepared statement’s error and runs it again afterwards, in and out of a transaction', async () => {
    const sql = 'SELECT 10 / $1::int AS q /* fails for 0 */';
    expect(await qr.query(sql, [5])).toEqual([{ q: 2 }]);
    expect(await qr.query(sql, [2])).toEqual([{ q: 5 }]);
    await expect(qr.query(sql, [0])).rejects.toThrow(/division by zero/);
    expect(await qr.query(sql, [10])).toEqual([{ q: 1 }]);
    await qr.startTransaction();
    await expect(qr.query(sql, [0])).rejects.toThrow(/division by zero/);
    await qr.rollbackTransaction();
    expect(await qr.query(sql, [1])).toEqual([{ q: 10 }]);
  });

  it('answers a prepared statement through a callback too, as pg’s pool asks its clients', async () => {
    const pool = (ds.driver as unknown as { master: { query(text: string, values: unknown[], cb: (err: Error | null, r?: { rows: unknown[] }) => void): void } }).master;
    const ask = (values: unknown[]) =>
      new Promise<unknown[]>((resolve, reject) => pool.query('SELECT 6 / $1::int AS q /* through a callback */', values, (err, r) => (err ? reject(err) : resolve(r!.rows))));
    expect(await ask([1])).toEqual([{ q: 6 }]);
    expect(await ask([2])).toEqual([{ q: 3 }]);
    await expect(ask([0])).rejects.toThrow(/division by zero/);
    expect(await ask([3])).toEqual([{ q: 2 }]);
  });

  it('keeps one prepared statement per text on each of the pool’s connections', async () => {
    const sql = 'SELECT $1::text AS s /* on every connection */';
    const runners = await Promise.all([0, 1, 2].map(async () => {
      const r = ds.createQueryRunner();
      await r.connect();
      return r;
    }));
    try {
      for (const r of runners) for (let i = 0; i < 3; i++) expect(await r.query(sql, [`v${i}`])).toEqual([{ s: `v${i}` }]);
      for (const r of runners) expect((await preparedOn(r)).filter((s) => s === sql)).toHaveLength(1);
    } finally {
      await Promise.all(runners.map((r) => r.release()));
    }
  });
});

describe('PreparingClient: one write a turn', () => {
  /** Counts the socket's flushes to Postgres (each one system call) while `fn` runs. */
  async function writesDuring(r: QueryRunner, fn: () => Promise<unknown>): Promise<number> {
    const stream = (r as unknown as { databaseConnection: { connection: { stream: Record<'_write' | '_writev', (...a: unknown[]) => void> } } })
      .databaseConnection.connection.stream;
    let writes = 0;
    const originals = { _write: stream._write, _writev: stream._writev };
    for (const key of ['_write', '_writev'] as const) {
      stream[key] = function (this: unknown, ...args: unknown[]) {
        writes++;
        return originals[key].apply(this, args);
      };
    }
    try {
      await fn();
    } finally {
      Object.assign(stream, originals);
    }
    return writes;
  }

  it('sends the statements of one turn of the event loop in one write, and each later turn’s in its own', async () => {
    const r = ds.createQueryRunner();
    await r.connect();
    try {
      // A transaction's START, statements sent together (as the claim and the submit do), COMMIT.
      const together = await writesDuring(r, async () => {
        await r.startTransaction();
        const answers = await Promise.all([r.query('SELECT $1::int AS n', [1]), r.query('SELECT 2 AS n'), r.query('SELECT $1::text AS s', ['three'])]);
        expect(answers).toEqual([[{ n: 1 }], [{ n: 2 }], [{ s: 'three' }]]);
        await r.commitTransaction();
      });
      // START and the three statements in one write, COMMIT in a second.
      expect(together).toBe(2);

      const oneByOne = await writesDuring(r, async () => {
        for (const n of [1, 2, 3]) expect(await r.query('SELECT $1::int AS n', [n])).toEqual([{ n }]);
      });
      expect(oneByOne).toBe(3);
    } finally {
      await r.release();
    }
  });

  it('still answers a statement sent alone, and one sent from inside another’s answer', async () => {
    const r = ds.createQueryRunner();
    await r.connect();
    try {
      const inner = await r.query('SELECT 1 AS n').then(() => r.query('SELECT $1::int AS n', [2]));
      expect(inner).toEqual([{ n: 2 }]);
    } finally {
      await r.release();
    }
  });

  describe('COMMIT sent with a transaction’s last statements', () => {
    /** Each case on a connection of its own, with the session's table `early` (each case its own range of `n`). */
    async function onItsOwnConnection(work: (r: QueryRunner) => Promise<void>) {
      const r = ds.createQueryRunner();
      await r.connect();
      try {
        await r.query('CREATE TEMP TABLE IF NOT EXISTS early (n int)');
        await work(r);
      } finally {
        await r.release();
      }
    }
    const count = async (r: QueryRunner, from: number) => (await r.query('SELECT count(*)::int AS n FROM early WHERE n >= $1 AND n < $1 + 10', [from]))[0].n;

    it('goes out in their write, answers the transaction’s own COMMIT, and the work is committed', () => onItsOwnConnection(async (r) => {
      const writes = await writesDuring(r, async () => {
        await r.startTransaction();
        await r.query('INSERT INTO early VALUES ($1)', [1]);
        const last = Promise.all([r.query('INSERT INTO early VALUES ($1)', [2]), r.query('SELECT count(*)::int AS n FROM early WHERE n < 10')]);
        commitWithThisTurn(r.manager, last);
        expect((await last)[1]).toEqual([{ n: 2 }]);
        await r.commitTransaction();
      });
      // START with the first insert; the second, the count and COMMIT; TypeORM's COMMIT writes nothing.
      expect(writes).toBe(2);
      // Committed: a ROLLBACK now finds no transaction to undo (Postgres only warns).
      await r.query('ROLLBACK');
      expect(await count(r, 1)).toBe(2);
    }));

    it('is not sent when a statement failed before it was sent: the transaction rolls back whole', () => onItsOwnConnection(async (r) => {
      await r.startTransaction();
      await r.query('INSERT INTO early VALUES ($1)', [10]);
      const last = Promise.all([r.query('INSERT INTO early VALUES ($1)', [11]), Promise.reject(new Error('a check that threw'))]);
      commitWithThisTurn(r.manager, last);
      await expect(last).rejects.toThrow('a check that threw');
      await r.rollbackTransaction();
      expect(await count(r, 10)).toBe(0);
    }));

    it('refuses a statement sent after it, which would run outside the transaction', () => onItsOwnConnection(async (r) => {
      await r.startTransaction();
      await r.query('SELECT 1');
      const last = Promise.all([r.query('INSERT INTO early VALUES ($1)', [20])]);
      commitWithThisTurn(r.manager, last);
      await last;
      await expect(r.query('INSERT INTO early VALUES ($1)', [21])).rejects.toThrow(/COMMIT was already sent/);
      await r.rollbackTransaction();
      expect(await r.query('SELECT n FROM early WHERE n >= 20 AND n < 30')).toEqual([{ n: 20 }]);
    }));
  });
});

describe('PreparingClient: a session the server ended', () => {
  it('is not handed out again: the next request on a pool of one gets a new connection', async () => {
    const options = dataSourceOptions(SERVER_DATABASE);
    const single = await new DataSource({ ...options, extra: { ...options.extra, max: 1 } } as typeof options).initialize();
    try {
      const r = single.createQueryRunner();
      const [{ pid }] = await r.query('SELECT pg_backend_pid() AS pid');
      const running = r.query('SELECT pg_sleep(5)');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await qr.query('SELECT pg_terminate_backend($1)', [pid]);
      await expect(running).rejects.toThrow(/terminating connection/);
      await r.release();

      const [{ pid: next }] = await single.query('SELECT pg_backend_pid() AS pid');
      expect(next).not.toBe(pid);
    } finally {
      await single.destroy();
    }
  });
});

describe('PreparingClient: START TRANSACTION answered at once', () => {
  it('still opens the transaction its statements run in: a rollback undoes them, an isolation level holds', async () => {
    await qr.query('CREATE TEMP TABLE IF NOT EXISTS kept (n int)');
    await qr.startTransaction();
    await qr.query('INSERT INTO kept VALUES ($1)', [1]);
    expect(await qr.query('SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 1 }]);
    await qr.rollbackTransaction();
    expect(await qr.query('SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 0 }]);

    await qr.startTransaction('REPEATABLE READ');
    expect(await qr.query('SHOW transaction_isolation')).toEqual([{ transaction_isolation: 'repeatable read' }]);
    await qr.commitTransaction();
    // A transaction with no statement in it: START answered early, then COMMIT.
    await qr.startTransaction();
    await qr.commitTransaction();
    expect(await qr.query('SELECT $1::int AS n', [7])).toEqual([{ n: 7 }]);
  });

  it('sends the first statement before START is answered, and fails it when the connection broke under START', async () => {
    const r = ds.createQueryRunner();
    await r.connect();
    try {
      type Pipelined = { _sentQueryQueue: unknown[]; _activeQuery: unknown; query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
      const client = (r as unknown as { databaseConnection: Pipelined }).databaseConnection;
      const started = client.query('START TRANSACTION');
      const first = client.query('SELECT $1::int AS n', [1]);
      // Both on the wire now, before Postgres has answered START (unpipelined, the SELECT would wait in the client).
      expect(client._sentQueryQueue.length + (client._activeQuery ? 1 : 0)).toBe(2);
      await started;
      expect((await first).rows).toEqual([{ n: 1 }]);
      await client.query('ROLLBACK');

      const [{ pid }] = await r.query('SELECT pg_backend_pid() AS pid');
      await qr.query('SELECT pg_terminate_backend($1)', [pid]);
      await r.startTransaction().catch(() => undefined);
      await expect(r.query('SELECT $1::int AS n', [2])).rejects.toThrow();
    } finally {
      await r.release().catch(() => undefined);
    }
  });
});
