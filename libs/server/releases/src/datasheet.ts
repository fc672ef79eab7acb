import type { ReleaseDatasheet, ReleaseDiff } from '@tessera/contracts';

const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The datasheet as a person reads it: what is in the release, where it came from, under which licence. */
export function datasheetMarkdown(d: ReleaseDatasheet, diff: ReleaseDiff): string {
  const splits = Object.keys(d.assets);
  const lines = [
    `# ${d.project} — release ${d.release}: ${d.name}`,
    '',
    d.description || '_No description._',
    '',
    `* Created: ${d.createdAt}`,
    `* Licence: ${d.licence}`,
    `* Label schema version: ${d.schemaVersion}`,
    `* Annotations: ${d.annotations}`,
    `* Formats: ${d.formats.join(', ')}`,
    `* De-identification: ${d.deidentification}`,
    `* Annotators: ${d.annotators}`,
    `* Review: ${d.review.reviewed} reviews, ${d.review.accepted} tasks accepted, ${d.review.rejected} rejections`,
    `* Agreement: ${d.agreement ? JSON.stringify(d.agreement) : 'not measured yet'}`,
    '',
    '## Assets per split',
    '',
    `| ${splits.map(cell).join(' | ')} |`,
    `| ${splits.map(() => '---:').join(' | ')} |`,
    `| ${splits.map((s) => d.assets[s]).join(' | ')} |`,
    '',
    '## Objects per label and split',
    '',
    `| label | ${splits.map(cell).join(' | ')} | total |`,
    `| --- | ${splits.map(() => '---:').join(' | ')} | ---: |`,
    ...d.labels.map((l) => `| ${cell(l.name)} | ${splits.map((s) => l.bySplit[s] ?? 0).join(' | ')} | ${l.total} |`),
    '',
    `## Changes since ${diff.previous === null ? 'nothing (the first release)' : `release ${diff.previous}`}`,
    '',
    '| label | added | removed | changed |',
    '| --- | ---: | ---: | ---: |',
    ...[...new Set([...Object.keys(diff.added.byLabel), ...Object.keys(diff.removed.byLabel), ...Object.keys(diff.changed.byLabel)])].map(
      (l) => `| ${cell(l)} | ${diff.added.byLabel[l] ?? 0} | ${diff.removed.byLabel[l] ?? 0} | ${diff.changed.byLabel[l] ?? 0} |`,
    ),
    `| **total** | ${diff.added.total} | ${diff.removed.total} | ${diff.changed.total} |`,
    '',
  ];
  return lines.join('\n');
}
