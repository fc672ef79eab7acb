import type { AttributeValue, Label, LabelSchema } from '@tessera/contracts';
import type { ExportAnnotation, ExportItem, ExportOptions, ExportReport, ExportSource } from '../model';
import type { ArchiveSink } from '../io/zip-writer';
import { esc } from '../io/xml';
import { bitmapFromRle, brushFromBitmap } from '../geometry/rle';
import { topLeftOfRotatedBox } from '../geometry/shapes';
import { addMedia, batched } from '../export-support';

type Result = Record<string, unknown>;

/** A region's id: the annotation's, without dashes (Label Studio's own are shorter; any string will do). */
const shortId = (uuid: string) => uuid.replace(/-/g, '');

/** A region's attributes as Label Studio's per-region controls: results with the region's id, named by the attribute. */
function attributeResults(id: string, toName: string, attrs: Record<string, AttributeValue>, label: Label): Result[] {
  return Object.entries(attrs).map(([key, v]) => {
    const at = label.attributes.find((a) => a.key === key);
    const common = { id, from_name: key, to_name: toName };
    if (at?.type === 'number' || typeof v === 'number') return { ...common, type: 'number', value: { number: v } };
    if (at?.type === 'text' || typeof v === 'string' && at?.type !== 'select') return { ...common, type: 'textarea', value: { text: [String(v)] } };
    return { ...common, type: 'choices', value: { choices: Array.isArray(v) ? v : [String(v)] } };
  });
}

/** One annotation as Label Studio results, or why Label Studio cannot hold it. */
export function lsResults(a: ExportAnnotation, label: Label, item: ExportItem): Result[] | string {
  const id = shortId(a.id);
  const g = a.geometry;
  const image = item.asset.kind === 'image';
  const toName = image ? 'image' : 'text';
  const W = item.asset.width ?? 0;
  const H = item.asset.height ?? 0;
  const px = (x: number) => (x / W) * 100;
  const py = (y: number) => (y / H) * 100;
  const frame = image ? { original_width: W, original_height: H, image_rotation: 0 } : {};
  const score = a.score !== null ? { score: a.score } : {};
  const region = (type: string, value: Record<string, unknown>, rid = id): Result => ({ id: rid, type, from_name: type === 'relation' ? undefined : 'label', to_name: toName, ...frame, ...score, value: { ...value, [type]: [label.name] } });
  const attrs = attributeResults(id, toName, a.attributes, label);
  if (image && (!W || !H) && g.type !== 'tag') return 'the image has no known size';
  switch (g.type) {
    case 'box': {
      const tl = topLeftOfRotatedBox(g);
      return [region('rectanglelabels', { x: px(tl.x), y: py(tl.y), width: px(g.width), height: py(g.height), rotation: g.rotation }), ...attrs];
    }
    case 'polygon':
    case 'polyline':
      return [region('polygonlabels', { points: g.points.map(([x, y]) => [px(x), py(y)]), closed: g.type === 'polygon' }), ...attrs];
    case 'points':
      return [...g.points.map(([x, y], k) => region('keypointlabels', { x: px(x), y: py(y), width: 0.5 }, `${id}.p${k}`)), ...attrs];
    case 'keypoints':
      return [
        ...g.points.flatMap((p, k) => (p ? [region('keypointlabels', { x: px(p.x), y: py(p.y), width: 0.5, ...(p.visible ? {} : { visible: false }) }, `${id}.${k}`)] : [])),
        ...attrs,
      ];
    case 'mask':
      return [region('brushlabels', { format: 'rle', rle: brushFromBitmap(bitmapFromRle(g.rle)) }), ...attrs];
    case 'span':
      return [region('labels', { start: g.start, end: g.end, text: item.text?.slice(g.start, g.end) ?? '' }), ...attrs];
    case 'tag':
    case 'doc-label':
      return [{ id, type: 'choices', from_name: 'choice', to_name: toName, ...score, value: { choices: [label.name] } }, ...attrs];
    default:
      return `Label Studio has no ${g.type} regions`;
  }
}

/** A labelling config that fits the export, to set up a Label Studio project with. */
export function lsConfig(schema: LabelSchema, kind: 'image' | 'text'): string {
  const labels = (tag: string, tools: string[]) => {
    const ls = schema.labels.filter((l) => l.tools.some((t) => tools.includes(t)));
    return ls.length ? `  <${tag} name="label" toName="${kind}">\n${ls.map((l) => `    <Label value="${esc(l.name)}" background="${l.color}"/>`).join('\n')}\n  </${tag}>\n` : '';
  };
  const controls = kind === 'image'
    ? labels('RectangleLabels', ['box']) + labels('PolygonLabels', ['polygon', 'polyline']) + labels('KeyPointLabels', ['points', 'keypoints']) + labels('BrushLabels', ['mask'])
    : labels('Labels', ['span']) + `  <Relations>\n${schema.labels.filter((l) => l.tools.includes('relation')).map((l) => `    <Relation value="${esc(l.name)}"/>`).join('\n')}\n  </Relations>\n`;
  const choices = schema.labels.filter((l) => l.tools.includes('tag') || l.tools.includes('doc-label'));
  return `<View>\n  <${kind === 'image' ? 'Image' : 'Text'} name="${kind}" value="$${kind}"/>\n${controls}${choices.length ? `  <Choices name="choice" toName="${kind}" choice="multiple">\n${choices.map((l) => `    <Choice value="${esc(l.name)}"/>`).join('\n')}\n  </Choices>\n` : ''}</View>\n`;
}

/**
 * Label Studio JSON: a list of tasks, each with its data (the image's path,
 * or the text) and one annotation holding every region in Label Studio's
 * percent coordinates (rectangles rotate about their top-left corner), brush
 * masks in its RLE, spans with start, end and text, relations, and choices;
 * per-region attributes as results sharing the region's id. A
 * `label_config.xml` beside it sets up a matching project.
 */
export async function exportLabelStudio(src: ExportSource, zip: ArchiveSink, opts: ExportOptions, report: ExportReport): Promise<void> {
  const labels = new Map(src.schema.labels.map((l) => [l.id, l]));
  let kind: 'image' | 'text' = 'image';
  let done = 0;
  let task = 0;
  async function* body(): AsyncGenerator<string> {
    yield '[\n';
    for (const split of src.splits) {
      yield* batched(src.items(split), async (item) => {
        kind = item.asset.kind === 'text' ? 'text' : 'image';
        const result: Result[] = [];
        for (const a of item.annotations) {
          const label = labels.get(a.labelId);
          if (!label) {
            report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: its label is not in the schema`);
            continue;
          }
          if (a.geometry.type === 'relation') {
            result.push({ type: 'relation', from_id: shortId(a.geometry.from), to_id: shortId(a.geometry.to), direction: 'right', labels: [label.name] });
            continue;
          }
          const r = lsResults(a, label, item);
          if (typeof r === 'string') report.skipped(item.asset.fileName, `${a.geometry.type} ${a.id}: ${r}`);
          else result.push(...r);
        }
        await report.progress(++done);
        const data = item.asset.kind === 'text'
          ? { text: item.text ?? '', name: item.asset.fileName, ...(item.asset.externalId ? { id: item.asset.externalId } : {}) }
          : { image: opts.includeMedia ? `images/${item.asset.fileName}` : item.asset.fileName };
        const t = { id: ++task, data, meta: { subset: split }, annotations: [{ id: task, result }], predictions: [] };
        return (task > 1 ? ',\n' : '') + JSON.stringify(t);
      });
    }
    yield '\n]\n';
  }
  await zip.add('label-studio.json', body());
  await zip.add('label_config.xml', lsConfig(src.schema, kind));
  if (opts.includeMedia) for (const split of src.splits) await addMedia(src, split, zip, (a) => `images/${a.fileName}`);
}
