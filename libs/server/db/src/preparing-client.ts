import { Client } from 'pg';
import { createHash } from 'node:crypto';

/** A statement is prepared from its second use in the process: one-off statements (a migration, a report) are not kept. */
const PREPARE_FROM_USE = 2;
/**
 * At most this many statements are prepared, process-wide (so per connection at most as many, each a parsed
 * statement and its plans in the backend's memory). The code's own statements are fewer; texts made with a varying
 * number of placeholders (a batch's `VALUES` lists) would otherwise grow the set without end.
 */
const MAX_PREPARED = 256;

interface Seen {
  uses: number;
  name: string | null;
}
const seen = new Map<string, Seen>();
let prepared = 0;

/** The name `text` is prepared under, or null while it is not (yet) worth preparing. */
function statementName(text: string): string | null {
  let s = seen.get(text);
  if (!s) {
    if (seen.size >= MAX_PREPARED * 16) return null; // nothing more is even counted
    s = { uses: 0, name: null };
    seen.set(text, s);
  }
  s.uses++;
  if (!s.name && s.uses >= PREPARE_FROM_USE && prepared < MAX_PREPARED) {
    s.name = `t${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    prepared++;
  }
  return s.name;
}

/** What pg answers `START TRANSACTION` with; TypeORM reads nothing of it. */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, rows: [], fields: [] });

/**
 * A pg client for the pool: it makes the statements cheaper in three ways, and keeps a connection whose session
 * Postgres ended out of the pool (see the constructor).
 *
 * It sends the statements the process repeats as named (prepared) statements: Postgres then parses and plans each
 * once per connection rather than on every call. On the pool bench this took a third of Postgres's CPU per
 * claim-and-submit cycle and raised the claims per second by a quarter (docs/performance.md, "Prepared
 * statements"). Only statements with parameters are named: `BEGIN` and `COMMIT` are sent as they were. Postgres
 * re-plans a prepared statement when a table it reads is analysed or altered, so its plans follow the tables'
 * growth; a column added under a running process's `SELECT *` makes that statement fail until the process
 * restarts, which a deployment does after migrating.
 *
 * And it answers TypeORM's `START TRANSACTION` at once: the pool's connections are pipelined (pg's `pipeline`
 * option), so the transaction's first statement goes out right behind it instead of a round trip later. Postgres
 * answers in order, so the next statement on the connection settles only after `START` has; should `START` have
 * failed (the connection broke), that statement fails with its error.
 *
 * On a pipelined connection it also holds the socket's writes until the current turn of the event loop is over, so
 * that the statements sent in one turn (a transaction's `START` and first statement, a `Promise.all`, the claim's
 * five) leave in one write. pg writes each statement on its own, and on a machine whose cores are busy each write
 * to Postgres's socket is a system call that wakes the backend: on the pool bench a third of the API's samples were in
 * those writes (docs/performance.md, Pool, "Eighth round").
 */
export class PreparingClient extends Client {
  /** A `START TRANSACTION` sent and answered early, until the next statement has its answer. */
  private starting: Promise<unknown> | null = null;
  /** The socket is corked until the end of this turn of the event loop. */
  private corked = false;
  /** Armed by commitWithThisTurn: `COMMIT` goes out with this turn's write unless its statements failed unsent. */
  private commitArmed: { failed: boolean } | null = null;
  /** That `COMMIT`, sent; the transaction's own (TypeORM's) is answered with it. */
  private committed: Promise<unknown> | null = null;

  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    // A FATAL (or PANIC) error ends the backend's session: Postgres restarting, an administrator's terminate. pg
    // fails the running statement but learns that the socket is closed only from a later event, so a client released
    // right after the failure went back to the pool as usable and failed the next request too. Marked here, before
    // pg's own listener hands the error to the statement, the pool drops it on release (pg-pool reads `_queryable`).
    this.connection.on('errorMessage', (message: { severity?: string }) => {
      if (message.severity === 'FATAL' || message.severity === 'PANIC') (this as unknown as { _queryable: boolean })._queryable = false;
    });
  }

  // pg's query() has a dozen overloads; this passes every call through, naming only the plain (text, values) ones.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (this.committed) {
      const committed = this.committed;
      const plain = values === undefined && callback === undefined;
      if (plain && config === 'COMMIT') {
        this.committed = null;
        return committed;
      }
      // Anything else would run after the transaction, on its own: refused. A ROLLBACK (after a failed statement,
      // which made Postgres answer the COMMIT by rolling back) goes out as usual; Postgres only warns.
      if (!(plain && config === 'ROLLBACK')) return Promise.reject(new Error(`Refused: this transaction's COMMIT was already sent (${String(config?.text ?? config).slice(0, 60)}).`));
      this.committed = null;
    }
    if (this.pipeline) this.corkForThisTurn();
    if (config === 'START TRANSACTION' && values === undefined && callback === undefined && this.pipeline) {
      const starting = super.query(config) as Promise<unknown>;
      starting.catch(() => undefined); // its failure is the next statement's
      this.starting = starting;
      return Promise.resolve(BEGUN);
    }
    const starting = this.starting;
    this.starting = null;
    const result = this.send(config, values, callback);
    return starting && result instanceof Promise ? Promise.all([starting, result]).then(([, r]) => r) : result;
  }

  /**
   * A `nextTick` queued from a statement's promise chain runs once the microtasks queued with it have run, so the
   * statements those send (TypeORM reaches `query` a few awaits after it is called) are written with the first.
   */
  private corkForThisTurn(): void {
    if (this.corked) return;
    const stream = this.connection.stream;
    this.corked = true;
    stream.cork();
    process.nextTick(() => {
      this.corked = false;
      const armed = this.commitArmed;
      this.commitArmed = null;
      if (armed && !armed.failed) {
        const committed = super.query('COMMIT') as Promise<unknown>;
        committed.catch(() => undefined); // its failure is TypeORM's COMMIT's
        this.committed = committed;
      }
      stream.uncork();
    });
  }

  /**
   * Ends the transaction with the statements sent in this turn of the event loop: `COMMIT` leaves behind them in the
   * same write (a round trip fewer), and the transaction's own `COMMIT`, which TypeORM sends once their answers are in,
   * is answered with its outcome. Postgres runs them in order, and answers a COMMIT after a failed statement by rolling
   * back. `statements`: their answers; should one fail before it was sent (a check that throws), no COMMIT goes.
   *
   * Only for a transaction's last statements, from code that resumed after an await: the statements are sent from
   * microtasks, which all run before the end of the turn, when the `COMMIT` is written. A statement sent after it would
   * run outside the transaction, so it is refused.
   */
  commitWithThisTurn(statements: Promise<unknown>): void {
    if (!this.pipeline) return;
    const armed = { failed: false };
    statements.catch(() => (armed.failed = true));
    this.commitArmed = armed;
    this.corkForThisTurn();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private send(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length) {
      const name = statementName(config);
      if (name) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

/** PreparingClient.commitWithThisTurn on a transaction's connection; nothing on any other (TypeORM's COMMIT then goes as usual). */
export function commitWithThisTurn(em: { queryRunner?: unknown }, statements: Promise<unknown>): void {
  const client = (em.queryRunner as { databaseConnection?: unknown } | undefined)?.databaseConnection;
  if (client instanceof PreparingClient) client.commitWithThisTurn(statements);
}
