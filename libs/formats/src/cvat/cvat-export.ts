import type { Attribute, AttributeValue, Label } from '@tessera/contracts';
import type { ExportAnnotation, ExportOptions, ExportReport, ExportSource } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { esc } from '../io/xml';
import { num } from '../geometry/shapes';
import { bitmapFromRle, cvatRleFromBitmap } from '../geometry/rle';
import { addMedia, batched, subsetFile } from '../export-support';

const SOURCE: Record<ExportAnnotation['source'], string> = { human: 'manual', model: 'auto', import: 'file', consensus: 'consensus' };

function attributeMeta(a: Attribute): string {
  const [type, values, def] =
    a.type === 'select' ? ['select', a.options.join('\n'), a.default ?? a.options[0]]
      : a.type === 'multiselect' ? ['text', '', (a.default ?? []).join(',')]
        : a.type === 'boolean' ? ['checkbox', 'false\ntrue', String(a.default ?? false)]
          : a.type === 'number' ? ['number', [a.min ?? -1e9, a.max ?? 1e9, a.step ?? 1].map(num).join('\n'), num(a.default ?? a.min ?? 0)]
            : ['text', '', a.default ?? ''];
  return `<attribute><name>${esc(a.key)}</name><mutable>False</mutable><input_type>${type}</input_type><default_value>${esc(def)}</default_value><values>${esc(values)}</values></attribute>`;
}

/** The labels, as CVAT 2 writes them: a skeleton's points are labels of their own with the skeleton as parent. */
export function cvatLabels(labels: Label[]): string {
  return labels
    .map((l) => {
      const attrs = `<attributes>${l.attributes.filter((a) => a.key !== 'occluded').map(attributeMeta).join('')}</attributes>`;
      if (!l.skeleton) return `<label><name>${esc(l.name)}</name><color>${l.color}</color><type>any</type>${attrs}</label>`;
      const svg = l.skeleton.edges.map(([a, b]) => `<line data-node-from="${a + 1}" data-node-to="${b + 1}"></line>`).join('');
      const parts = l.skeleton.points.map((p) => `<label><name>${esc(p)}</name><color>${l.color}</color><type>points</type><parent>${esc(l.name)}</parent><attributes></attributes></label>`).join('');
      return `<label><name>${esc(l.name)}</name><color>${l.color}</color><type>skeleton</type>${attrs}<svg>${esc(svg)}</svg></label>${parts}`;
    })
    .join('');
}

const attrText = (v: AttributeValue) => (Array.isArray(v) ? v.join(',') : String(v));

/** One object as a CVAT element, or why CVAT cannot hold it. */
export function cvatShape(a: ExportAnnotation, label: Label, group: number, imageSize: { width: number | null; height: number | null }): string {
  const g = a.geometry;
  const { occluded, ...rest } = a.attributes;
  // `occluded` is CVAT's own flag; an explicit false is kept as an attribute so it comes back as false, not unset.
  const children = Object.entries(occluded === false ? a.attributes : rest).map(([k, v]) => `<attribute name="${esc(k)}">${esc(attrText(v))}</attribute>`).join('');
  const common = `label="${esc(label.name)}" source="${SOURCE[a.source]}" occluded="${occluded === true ? 1 : 0}" z_order="${a.zIndex}"${group ? ` group_id="${group}"` : ''}`;
  const pts = (p: [number, number][]) => p.map(([x, y]) => `${num(x)},${num(y)}`).join(';');
  switch (g.type) {
    case 'box':
      return `<box ${common} xtl="${num(g.x)}" ytl="${num(g.y)}" xbr="${num(g.x + g.width)}" ybr="${num(g.y + g.height)}"${g.rotation ? ` rotation="${num(g.rotation)}"` : ''}>${children}</box>`;
    case 'polygon':
    case 'polyline':
    case 'points':
      return `<${g.type} ${common} points="${pts(g.points)}">${children}</${g.type}>`;
    case 'mask': {
      const c = cvatRleFromBitmap(bitmapFromRle(g.rle));
      if (!c) return '!an empty mask';
      return `<mask ${common} rle="${c.rle.join(', ')}" left="${c.left}" top="${c.top}" width="${c.width}" height="${c.height}">${children}</mask>`;
    }
    case 'keypoints': {
      const names = label.skeleton?.points ?? [];
      const inner = g.points
        .map((p, i) => `<points label="${esc(names[i] ?? String(i + 1))}" source="${SOURCE[a.source]}" outside="${p ? 0 : 1}" occluded="${p && !p.visible ? 1 : 0}" points="${p ? `${num(p.x)},${num(p.y)}` : '0,0'}"></points>`)
        .join('');
      return `<skeleton ${common}>${inner}${children}</skeleton>`;
    }
    case 'tag':
      return `<tag label="${esc(label.name)}" source="${SOURCE[a.source]}">${children}</tag>`;
    default:
      void imageSize;
      return `!CVAT for images has no ${g.type} objects`;
  }
}

/**
 * CVAT for images 1.1: one XML file per subset with the labels (attributes,
 * skeletons) in its meta, then an `<image>` per asset with its shapes:
 * boxes with rotation, polygons, polylines, points, skeletons, masks in
 * CVAT's RLE, tags, attributes, `occluded`, `z_order` and `group_id`.
 */
export async function exportCvat(src: ExportSource, zip: ArchiveSink, opts: ExportOptions, report: ExportReport): Promise<void> {
  const labels = new Map(src.schema.labels.map((l) => [l.id, l]));
  let done = 0;
  for (const split of src.splits) {
    async function* body(): AsyncGenerator<string> {
      yield `<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n  <meta><task><name>${esc(src.projectName)}</name><mode>annotation</mode><subset>${esc(split)}</subset><labels>${cvatLabels(src.schema.labels)}</labels></task><dumped>${new Date().toISOString()}</dumped></meta>\n`;
      let id = 0;
      yield* batched(src.items(split), async (item) => {
        const groups = new Map<string, number>();
        const shapes: string[] = [];
        for (const a of item.annotations) {
          const label = labels.get(a.labelId);
          const group = a.groupId ? (groups.get(a.groupId) ?? groups.set(a.groupId, groups.size + 1).get(a.groupId)!) : 0;
          const el = label ? cvatShape(a, label, group, item.asset) : '!its label is not in the schema';
          if (el.startsWith('!')) report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: ${el.slice(1)}`);
          else shapes.push(`    ${el}\n`);
        }
        await report.progress(++done);
        const { width, height } = item.asset;
        return `  <image id="${id++}" name="${esc(item.asset.fileName)}"${width ? ` width="${width}"` : ''}${height ? ` height="${height}"` : ''}>\n${shapes.join('')}  </image>\n`;
      });
      yield '</annotations>\n';
    }
    await zip.add(src.splits.length === 1 ? 'annotations.xml' : `${subsetFile('annotations', split)}.xml`, body());
    if (opts.includeMedia) await addMedia(src, split, zip, (a) => `images/${split === 'default' ? '' : `${split}/`}${a.fileName}`);
  }
}
