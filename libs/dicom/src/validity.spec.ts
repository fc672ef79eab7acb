import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deidentify, parsePart10, writePart10 } from './index';
import { sampleFiles } from './testing/sample-files';

// De-identified files must stay valid DICOM. Debian's dicom3tools validator
// (dciodvfy) checks every file before and after; whatever it finds in the
// output that it did not find in the input is ours. pydicom, strict about
// value lengths and characters, must read every element of the output.

const DCIODVFY = '/usr/bin/dciodvfy';
const PY = '/usr/bin/python3';
const SECRET = 'org-secret-for-validity-tests';
const dir = mkdtempSync(join(tmpdir(), 'deid-validity-'));
const files = sampleFiles().filter((f) => f.name !== 'explicit_big.dcm');

function deidentified(bytes: Buffer): Buffer {
  const file = parsePart10(bytes);
  deidentify(file, SECRET);
  return writePart10(file);
}

/** dciodvfy's errors for a file; the element's value is dropped, since de-identification changes values on purpose. */
function errors(path: string): string[] {
  const out = spawnSync(DCIODVFY, [path], { encoding: 'utf8' });
  return (out.stderr + out.stdout).split('\n').filter((l) => /^Error/.test(l)).map((l) => l.replace(/ - Value is <[^>]*>/g, '').replace(/<[^>]*>/g, '<…>'));
}

const written = files.map((f, i) => {
  const input = join(dir, `in-${i}.dcm`);
  const output = join(dir, `out-${i}.dcm`);
  writeFileSync(input, f.bytes);
  writeFileSync(output, deidentified(f.bytes));
  return { name: f.name, input, output };
});

const hasDciodvfy = existsSync(DCIODVFY);
if (!hasDciodvfy) console.warn('SKIPPED: dciodvfy is not installed (apt-get install dicom3tools)');
const hasPydicom = existsSync(PY) && spawnSync(PY, ['-c', 'import pydicom'], { stdio: 'ignore' }).status === 0;
if (!hasPydicom) console.warn('SKIPPED: pydicom is not installed (apt-get install python3-pydicom)');

describe('de-identified files stay valid DICOM', () => {
  (hasDciodvfy ? it.each(written.map((w) => [w.name, w] as const)) : it.skip.each(written.map((w) => [w.name, w] as const)))(
    'dciodvfy finds no new error in %s',
    (_name, w) => {
      const before = new Set(errors(w.input));
      expect(errors(w.output).filter((e) => !before.has(e))).toEqual([]);
    },
  );

  (hasPydicom ? it : it.skip)('pydicom reads every element of every output, strictly', () => {
    const script = `import sys, json, pydicom
from pydicom import config
config.settings.reading_validation_mode = config.RAISE
problems = []
for path in sys.argv[1:]:
    try:
        ds = pydicom.dcmread(path)
        meta = ds.file_meta
        for el in meta: el.value
        for el in ds.iterall(): el.value
        if meta.MediaStorageSOPInstanceUID != ds.SOPInstanceUID: problems.append(path + ": media storage SOP instance UID differs")
        if ds.PatientIdentityRemoved != "YES": problems.append(path + ": PatientIdentityRemoved is not YES")
    except Exception as e:
        problems.append(path + ": " + type(e).__name__ + ": " + str(e))
print(json.dumps(problems))`;
    const out = spawnSync(PY, ['-c', script, ...written.map((w) => w.output)], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual([]);
  });
});
