import { z } from 'zod';

const DEV_JWT_SECRET = 'tessera-development-secret-change-me-in-production';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const hostList = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')).filter(Boolean));

/** Every environment variable Tessera reads. `.env.example` lists the same. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/tessera'),
    REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
    /** Prefix for Redis keys and BullMQ queues, so test runs and instances never share state. */
    REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default('tessera'),
    JWT_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
    /**
     * Seconds after a refresh token is rotated during which presenting it again (another tab refreshing at
     * the same moment) is answered with the same new pair instead of revoking the family as a replay.
     */
    REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(15),
    COOKIE_SECURE: bool.optional(),
    PUBLIC_URL: z.url().default('http://localhost:8080'),
    DATA_DIR: z.string().default('./data'),
    /** Where blobs live: `local` (under DATA_DIR) or any S3-compatible store. */
    BLOB_STORE_DRIVER: z.enum(['local', 's3']).default('local'),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_BUCKET: z.string().default('tessera'),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: bool.default(true),
    WEB_DIST: z.string().default('dist/apps/web'),
    /** Let owners and admins retry, promote, clean and pause jobs on the queue board (/admin/queues); it only shows them otherwise. */
    QUEUE_BOARD_ACTIONS: bool.default(false),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
    /** Server folders that may be imported from, comma-separated absolute paths; none by default. */
    IMPORT_ROOTS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\//, 'import roots must be absolute paths'))),
    /**
     * Secret for de-identification: UIDs are replaced by an HMAC under a key derived from it and the
     * organisation, and raw DICOM waits for de-identification encrypted under a key derived from it.
     */
    DEID_SECRET: z.string().min(32).default('tessera-development-deid-secret-change-me'),
    /** S3-compatible endpoints that bulk import may read from, comma-separated origins; none by default. */
    S3_IMPORT_ENDPOINTS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((p) => p.trim().replace(/\/$/, '')).filter(Boolean)),
    /** Let allowlisted import endpoints resolve to loopback or private addresses (a MinIO beside Tessera). */
    S3_IMPORT_ALLOW_PRIVATE: bool.default(false),
    /**
     * Hosts every outbound request of ours (webhooks, remote models) may reach although they are (or
     * resolve to) loopback, private or link-local addresses, comma-separated host names or IP literals;
     * none by default, so outbound calls reach only the public internet.
     */
    OUTBOUND_ALLOW_HOSTS: hostList,
    /** The former name of OUTBOUND_ALLOW_HOSTS, still read: the two lists are joined. */
    WEBHOOK_ALLOW_HOSTS: hostList,
    /** First retry delay of a failed webhook delivery; each further retry waits twice as long (5 attempts in all). */
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
    /** A delivery left without a queued job this long (a crash or Redis outage at its commit) is queued by the worker's sweep, which runs as often. */
    WEBHOOK_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /**
     * The worker's job reconciler: a whole-mode run still queued this long is queued again under its
     * own job id (a no-op while BullMQ still has the job), and so is each job of an item run open this
     * long whose items are not all counted, so runs survive a Redis that lost its data.
     */
    JOB_RECONCILE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /**
     * The quality sweep: submitted work left unscored this long (a crash or Redis outage when it was
     * submitted) is queued, and projects whose report is older than QUALITY_REPORT_HOURS get a new one.
     */
    QUALITY_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /**
     * The ingest sweep: an image or text asset pending this long that no open ingest run carries (the process that
     * took it in died before starting one) is given a run. Checked as often.
     */
    INGEST_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(15 * 60 * 1000),
    /**
     * A file set aside sealed (raw DICOM, an archive, a record file) this long that no job will take (its upload's
     * process died before starting a run, an import tried again, a run cancelled) is deleted by the same sweep. Longer
     * than any upload takes.
     */
    SEALED_ORPHAN_MS: z.coerce.number().int().min(100).max(7 * 24 * 3_600_000).default(6 * 3_600_000),
    /**
     * The bytes deleted data or an expired export let go of are deleted by the same sweep once nothing points at them,
     * unless written this recently: the same bytes uploaded again a moment ago may not have their row yet.
     */
    DROPPED_BLOB_GRACE_MS: z.coerce.number().int().min(0).max(7 * 24 * 3_600_000).default(3_600_000),
    /** An export's or audit export's file is deleted this long after it is made (they can be run again; releases are kept). */
    EXPORT_KEEP_MS: z.coerce.number().int().min(1000).max(366 * 24 * 3_600_000).default(7 * 24 * 3_600_000),
    /** How often the worker completes batches whose last tasks were accepted at the same moment (neither accept could close it). */
    BATCH_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /** The project report is recomputed at least this often (the nightly report), and on demand. */
    QUALITY_REPORT_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(24),
    /** Largest file a plain multipart upload takes; bigger ones go through resumable upload. */
    UPLOAD_MAX_FILE_BYTES: z.coerce.number().int().min(1024).default(512 * 1024 * 1024),
    /** A resumable upload nobody has written to for this long is deleted (its bytes rest sealed meanwhile); 24 h by default. */
    RESUMABLE_UPLOAD_EXPIRY_MS: z.coerce.number().int().min(1000).default(24 * 3600 * 1000),
    /** How often the API looks for expired resumable uploads. */
    RESUMABLE_UPLOAD_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(15 * 60 * 1000),
    /** Failed logins per account and address before they are refused for a while. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).default(900),
    /**
     * How long a signed file URL (GET /api/v1/assets/{id}/files, thumbnails in lists) works, in
     * seconds. URLs are minted on a one-minute grid, so one lives between this and a minute longer.
     */
    FILE_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
    /** Views of raw data are gathered in memory and written to the audit log together this often. */
    AUDIT_VIEW_FLUSH_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
    /** How long a task claimed from the pool stays its claimer's without a heartbeat. */
    TASK_LEASE_SECONDS: z.coerce.number().int().min(5).max(86400).default(1800),
    /**
     * How long a worker's hold on a running job lasts unrenewed (it renews at half that): the jobs of a
     * worker that died are handed to another after about twice this.
     */
    JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /**
     * Which proxies in front of Tessera to believe about the client's address (X-Forwarded-For),
     * as Fastify's trustProxy: `false` (default: the peer's own address), `true` (any; only when
     * nothing can reach Tessera except through the proxy), a hop count, or comma-separated
     * addresses and CIDR ranges of the proxies. Login throttling and the audit log use the result.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v): boolean | number | string[] => {
        const t = v.trim().toLowerCase();
        if (t === 'false' || t === '0' || t === '') return false;
        if (t === 'true') return true;
        if (/^\d+$/.test(t)) return Number(t);
        return t.split(',').map((p) => p.trim()).filter(Boolean);
      })
      .pipe(z.union([z.boolean(), z.number().int().min(1).max(32), z.array(z.string().regex(/^[0-9a-f.:]+(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/, 'addresses, CIDR ranges, loopback, linklocal or uniquelocal'))])),
    /** Requests per minute per address on the auth routes. */
    AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /**
     * How long an API process trusts a person's cached standing (role, password change) without hearing of a
     * change: a safety net for a change nobody published (made in SQL, or a message lost). Changes made through
     * the application drop the cache everywhere at once; 0 turns the cache off.
     */
    AUTH_STANDING_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  })
  // WEBHOOK_ALLOW_HOSTS is an alias: both names end up as the one list, under both names.
  .transform((c) => {
    const allow = [...new Set([...c.OUTBOUND_ALLOW_HOSTS, ...c.WEBHOOK_ALLOW_HOSTS])];
    return { ...c, OUTBOUND_ALLOW_HOSTS: allow, WEBHOOK_ALLOW_HOSTS: allow, COOKIE_SECURE: c.COOKIE_SECURE ?? c.NODE_ENV === 'production' };
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.DEID_SECRET === 'tessera-development-deid-secret-change-me') {
      ctx.addIssue({ code: 'custom', path: ['DEID_SECRET'], message: 'set DEID_SECRET (32+ random characters) in production' });
    }
    if (c.NODE_ENV === 'production' && c.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'set JWT_SECRET (32+ random characters) in production' });
    }
  });
export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Reads and checks the environment once, at start; a bad value stops the process with a plain message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Config, string>> = {}): Config {
  const raw: Record<string, string | undefined> = { ...env, ...overrides };
  for (const key of Object.keys(raw)) if (raw[key] === '') delete raw[key];
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const CONFIG = Symbol('CONFIG');
/** The shared ioredis connection (commands only; BullMQ and subscribers open their own). */
export const REDIS = Symbol('REDIS');
