import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { signIn, tesseraClient } from './index';

const HELP = `tessera — Tessera from scripts

Connection (environment): TESSERA_URL (default http://localhost:8080), and TESSERA_TOKEN (an API
token, tsr_…, made under your name → API tokens in the web app), or TESSERA_EMAIL and TESSERA_PASSWORD.

  tessera export  --project ID --format coco [--annotations latest|accepted|predictions]
                  [--batch ID] [--labels a,b] [--status annotated] [--include-media] [--out FILE]
  tessera import  --project ID --format coco --file FILE [--as predictions --model NAME --model-version V]
                  [--map "Vehicle=car,Truck=-"] [--skip-bad] [--dry-run]
  tessera release create   --project ID --formats coco,yolo-detect --licence CC-BY-4.0
                           [--name N] [--annotations accepted|latest] [--splits 0.8,0.1,0.1 --seed 42] [--include-media]
  tessera release list     --project ID | --mine
  tessera release show     RELEASE_ID
  tessera release grant    RELEASE_ID --user USER_ID [--expires 2027-01-01T00:00:00Z]
  tessera release download RELEASE_ID [--out FILE]

Every command waits for its background job and prints JSON.`;

type Api = ReturnType<typeof tesseraClient>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fail(message: string): never {
  process.stderr.write(`tessera: ${message}\n`);
  process.exit(1);
}

function check<T>(res: { data?: T; error?: unknown; response: Response }): T {
  if (res.data === undefined) fail(`${res.response.status}: ${JSON.stringify(res.error)}`);
  return res.data;
}

/** Waits for a job run to finish, showing its progress on stderr. */
async function waitFor(api: Api, id: string) {
  for (;;) {
    const run = check(await api.GET('/api/v1/job-runs/{id}', { params: { path: { id } } }));
    process.stderr.write(`\r${run.type} ${run.state} ${Math.round(run.progress * 100)}%   `);
    if (run.state === 'succeeded' || run.state === 'failed') {
      process.stderr.write('\n');
      if (run.state === 'failed') fail(`${run.type} failed: ${run.errors.slice(-5).map((e) => e.message).join('; ')}`);
      return run;
    }
    await sleep(500);
  }
}

async function download(url: string, headers: Record<string, string>, out: string) {
  const res = await fetch(url, { headers });
  if (!res.ok) fail(`download answered ${res.status}`);
  await writeFile(out, Buffer.from(await res.arrayBuffer()));
  return out;
}

async function main(argv: string[]) {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: 'string' }, format: { type: 'string' }, formats: { type: 'string' }, annotations: { type: 'string' },
      batch: { type: 'string' }, labels: { type: 'string' }, status: { type: 'string' }, 'include-media': { type: 'boolean' },
      out: { type: 'string' }, file: { type: 'string' }, as: { type: 'string' }, model: { type: 'string' }, 'model-version': { type: 'string' },
      map: { type: 'string' }, 'skip-bad': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, licence: { type: 'string' }, name: { type: 'string' },
      splits: { type: 'string' }, seed: { type: 'string' }, user: { type: 'string' }, expires: { type: 'string' }, mine: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (o.help || !command) return console.log(HELP);
  const baseUrl = process.env.TESSERA_URL ?? 'http://localhost:8080';
  const token = process.env.TESSERA_TOKEN
    ?? (process.env.TESSERA_EMAIL && process.env.TESSERA_PASSWORD ? await signIn(baseUrl, process.env.TESSERA_EMAIL, process.env.TESSERA_PASSWORD) : fail('set TESSERA_TOKEN, or TESSERA_EMAIL and TESSERA_PASSWORD'));
  const api = tesseraClient({ baseUrl, token });
  const auth = { authorization: `Bearer ${token}` };
  const need = (v: string | undefined, what: string) => v ?? fail(`${what} is needed (tessera --help)`);
  const filter = o.batch || o.labels || o.status
    ? { ...(o.batch ? { batchId: o.batch } : {}), ...(o.labels ? { labelIds: o.labels.split(',') } : {}), ...(o.status ? { status: o.status as 'annotated' } : {}) }
    : undefined;

  if (command === 'export') {
    const id = need(o.project, '--project');
    const run = check(await api.POST('/api/v1/projects/{id}/exports', {
      params: { path: { id } },
      body: { format: need(o.format, '--format') as 'coco', annotations: (o.annotations ?? 'latest') as 'latest', filter, includeMedia: !!o['include-media'] },
    }));
    const done = await waitFor(api, run.id);
    const out = await download(`${baseUrl}/api/v1/job-runs/${run.id}/download`, auth, o.out ?? done.result?.fileName ?? 'export.zip');
    return console.log(JSON.stringify({ file: out, sha256: done.result?.sha256, skipped: done.errors.length }, null, 2));
  }

  if (command === 'import') {
    const id = need(o.project, '--project');
    const path = need(o.file, '--file');
    const form = new FormData();
    form.append('format', need(o.format, '--format'));
    form.append('as', o.as ?? 'annotations');
    if (o.model) form.append('modelName', o.model);
    if (o['model-version']) form.append('modelVersion', o['model-version']);
    if (o.map) form.append('mapping', JSON.stringify(Object.fromEntries(o.map.split(',').map((pair) => { const [k, v] = pair.split('='); return [k, v === '-' ? null : v]; }))));
    form.append('skipBad', String(!!o['skip-bad']));
    form.append('dryRun', String(!!o['dry-run']));
    form.append('file', new Blob([await readFile(path)]), basename(path));
    // Multipart goes past the typed client: openapi-fetch sends JSON bodies.
    const res = await fetch(`${baseUrl}/api/v1/projects/${id}/annotation-imports`, { method: 'POST', body: form, headers: auth });
    const body = await res.json();
    if (res.status === 200) return console.log(JSON.stringify(body, null, 2));
    if (res.status !== 202) fail(`${res.status}: ${JSON.stringify(body)}`);
    const done = await waitFor(api, body.id);
    return console.log(JSON.stringify({ imported: true, run: done.id, warnings: done.errors.length }, null, 2));
  }

  if (command === 'release') {
    if (sub === 'create') {
      const id = need(o.project, '--project');
      const ratios = o.splits?.split(',').map(Number);
      const created = check(await api.POST('/api/v1/projects/{id}/releases', {
        params: { path: { id } },
        body: {
          formats: need(o.formats, '--formats').split(',') as 'coco'[], licence: need(o.licence, '--licence'), name: o.name,
          annotations: (o.annotations ?? 'accepted') as 'accepted', filter, includeMedia: !!o['include-media'],
          ...(ratios ? { splits: { seed: Number(o.seed ?? 42), train: ratios[0], val: ratios[1], test: ratios[2] } } : {}),
        },
      }));
      await waitFor(api, created.jobRunId!);
      const r = check(await api.GET('/api/v1/releases/{id}', { params: { path: { id: created.id } } }));
      return console.log(JSON.stringify({ id: r.id, number: r.number, file: r.file, diff: r.diff }, null, 2));
    }
    if (sub === 'list') {
      const list = o.mine ? check(await api.GET('/api/v1/me/releases')) : check(await api.GET('/api/v1/projects/{id}/releases', { params: { path: { id: need(o.project, '--project or --mine') } } }));
      return console.log(JSON.stringify(list.items.map((r) => ({ id: r.id, number: r.number, name: r.name, state: r.state, formats: r.formats, sha256: r.file?.sha256 })), null, 2));
    }
    const id = need(arg, 'RELEASE_ID');
    if (sub === 'show') return console.log(JSON.stringify(check(await api.GET('/api/v1/releases/{id}', { params: { path: { id } } })), null, 2));
    if (sub === 'grant') {
      const g = check(await api.POST('/api/v1/releases/{id}/grants', { params: { path: { id } }, body: { userId: need(o.user, '--user'), expiresAt: o.expires ?? null } }));
      return console.log(JSON.stringify(g, null, 2));
    }
    if (sub === 'download') {
      const r = check(await api.GET('/api/v1/releases/{id}', { params: { path: { id } } }));
      const link = check(await api.POST('/api/v1/releases/{id}/download', { params: { path: { id } } }));
      const out = await download(`${baseUrl}${link.url}`, {}, o.out ?? r.file?.fileName ?? 'release.zip');
      return console.log(JSON.stringify({ file: out, sha256: r.file?.sha256 }, null, 2));
    }
  }
  fail(`unknown command "${[command, sub].filter(Boolean).join(' ')}" (tessera --help)`);
}

main(process.argv.slice(2)).catch((e) => fail((e as Error).message));
