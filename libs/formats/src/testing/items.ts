import { annotationInput, type AnnotationInput } from '@tessera/contracts';
import type { ExportAnnotation, ExportItem } from '../model';
import { rleFromBitmap } from '../geometry/rle';
import { asset, schemaFor } from './support';

let n = 0;
/** An annotation as an export reads it, parsed as the server would (defaults filled in). */
export function ann(labelId: string, geometry: AnnotationInput['geometry'], extra: Partial<AnnotationInput> = {}): ExportAnnotation {
  const a = annotationInput.parse({ id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, labelId, geometry, ...extra });
  return { id: a.id, labelId: a.labelId, geometry: a.geometry, attributes: a.attributes, source: a.source, score: a.score, zIndex: a.zIndex, groupId: a.groupId };
}

export const imageSchema = schemaFor('image', ['car', 'person', 'sign'], {
  person: { skeleton: { points: ['head', 'left hand', 'right hand'], edges: [[0, 1], [0, 2]] }, attributes: [{ key: 'occluded', name: 'Occluded', type: 'boolean' }, { key: 'pose', name: 'Pose', type: 'select', options: ['standing', 'sitting'] }] },
  car: { attributes: [{ key: 'color', name: 'Colour', type: 'text' }, { key: 'doors', name: 'Doors', type: 'number' }] },
});

export function mask(width: number, height: number, fill: (x: number, y: number) => boolean) {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = fill(x, y) ? 1 : 0;
  return rleFromBitmap({ width, height, data });
}

export function imageItems(): ExportItem[] {
  return [
    {
      asset: asset('a1', 'street-01.jpg', 'image', 640, 480),
      annotations: [
        ann('l0', { type: 'box', x: 10.25, y: 20.5, width: 100.125, height: 50.0625, rotation: 0 }, { attributes: { color: 'red', doors: 4 } }),
        ann('l0', { type: 'box', x: 300.1, y: 200.7, width: 80.3, height: 40.9, rotation: 33.3 }),
        ann('l2', { type: 'polygon', points: [[1.5, 2.5], [100.75, 3.125], [50.0001, 90.9999], [5, 60]] }),
        ann('l1', { type: 'keypoints', points: [{ x: 200, y: 100, visible: true }, null, { x: 230.5, y: 160.25, visible: false }] }, { attributes: { occluded: true, pose: 'standing' } }),
        ann('l2', { type: 'mask', rle: mask(640, 480, (x, y) => (x - 320) ** 2 + (y - 240) ** 2 < 900) }),
      ],
    },
    { asset: asset('a2', 'street-02.png', 'image', 1920, 1080), annotations: [ann('l0', { type: 'box', x: 0, y: 0, width: 1920, height: 1080, rotation: 0 }, { score: 0.75, source: 'import' })] },
    { asset: asset('a3', 'empty.jpg', 'image', 320, 240), annotations: [] },
  ];
}

