import fc from 'fast-check';
import {
  annotationInput, annotationPatch, applyOp, canonical, checkAnnotation, inverseOf, labelSchemaDefinition, opSchema, selfIntersects, splitProblem,
  type AnnotationContext, type AnnotationState, type CommittedOpBody,
} from './index';

const schema = labelSchemaDefinition.parse({
  labels: [
    { id: 'car', name: 'Car', color: '#1677ff', tools: ['box', 'polygon', 'mask'], attributes: [
      { key: 'kind', name: 'Kind', type: 'select', options: ['sedan', 'van'], required: true },
      { key: 'speed', name: 'Speed', type: 'number', min: 0, max: 300 },
    ] },
    { id: 'person', name: 'Person', color: '#f5222d', tools: ['keypoints'], skeleton: { points: ['head', 'foot'], edges: [[0, 1]] } },
  ],
});
const image: AnnotationContext = { mediaType: 'image', schema, extent: { width: 640, height: 480 } };
const ID = '6f1c1a52-7c53-4c4e-9d0e-1b2b3c4d5e6f';

describe('annotation contracts', () => {
  it('rejects non-finite numbers, short polygons and too many vertices', () => {
    const base = { id: ID, labelId: 'car' };
    expect(annotationInput.safeParse({ ...base, geometry: { type: 'box', x: NaN, y: 0, width: 1, height: 1 } }).success).toBe(false);
    expect(annotationInput.safeParse({ ...base, geometry: { type: 'box', x: Infinity, y: 0, width: 1, height: 1 } }).success).toBe(false);
    expect(annotationInput.safeParse({ ...base, geometry: { type: 'polygon', points: [[0, 0], [1, 1]] } }).success).toBe(false);
    const many = Array.from({ length: 10_001 }, (_, i) => [i % 600, Math.floor(i / 600)]);
    expect(annotationInput.safeParse({ ...base, geometry: { type: 'polygon', points: many } }).success).toBe(false);
    expect(annotationInput.safeParse({ ...base, geometry: { type: 'box', x: 0, y: 0, width: 1, height: 1 }, extra: 1 }).success).toBe(false);
  });

  it('rejects ops with unknown fields, such as a forged server_seq', () => {
    const op = { type: 'delete', clientId: 'client-0001', clientSeq: 1, id: ID };
    expect(opSchema.safeParse(op).success).toBe(true);
    expect(opSchema.safeParse({ ...op, serverSeq: 99 }).success).toBe(false);
    expect(annotationPatch.safeParse({}).success).toBe(false);
  });

  it('checks labels, tools, attributes and bounds against the schema and the image', () => {
    const ok = checkAnnotation({ labelId: 'car', geometry: { type: 'box', x: 10, y: 10, width: 50, height: 40, rotation: 0 }, attributes: { kind: 'van' } }, image);
    expect(ok.errors).toEqual([]);
    const bad = checkAnnotation({ labelId: 'car', geometry: { type: 'polyline', points: [[0, 0], [700, 10]] }, attributes: { kind: 'bus', colour: 'red', speed: 400 } }, image);
    expect(bad.errors.map((e) => e.path).sort()).toEqual(['attributes.colour', 'attributes.kind', 'attributes.speed', 'geometry.points', 'geometry.type']);
    expect(checkAnnotation({ labelId: 'truck', geometry: { type: 'tag' }, attributes: {} }, image).errors[0].path).toBe('labelId');
    // A box rotated about its centre can leave the image even when its unrotated corners do not.
    expect(checkAnnotation({ labelId: 'car', geometry: { type: 'box', x: 0, y: 0, width: 100, height: 20, rotation: 45 }, attributes: { kind: 'van' } }, image).errors).toHaveLength(1);
    expect(checkAnnotation({ labelId: 'car', geometry: { type: 'box', x: 1, y: 1, width: 5, height: 5, rotation: 0 }, attributes: {} }, image).warnings[0].path).toBe('attributes.kind');
    expect(checkAnnotation({ labelId: 'person', geometry: { type: 'keypoints', points: [{ x: 1, y: 1, visible: true }] }, attributes: {} }, image).errors[0].message).toMatch(/2 points/);
    const wrongMask = checkAnnotation({ labelId: 'car', geometry: { type: 'mask', rle: { size: [480, 640], counts: [100] } }, attributes: { kind: 'van' } }, image);
    expect(wrongMask.errors[0].path).toBe('geometry.rle.counts');
  });

  it('checks text spans against the document length', () => {
    const text: AnnotationContext = { mediaType: 'text', schema: labelSchemaDefinition.parse({ labels: [{ id: 'per', name: 'Person', color: '#000000', tools: ['span'] }] }), extent: { textLength: 10 } };
    expect(checkAnnotation({ labelId: 'per', geometry: { type: 'span', start: 2, end: 10 }, attributes: {} }, text).errors).toEqual([]);
    expect(checkAnnotation({ labelId: 'per', geometry: { type: 'span', start: 2, end: 11 }, attributes: {} }, text).errors).toHaveLength(1);
  });

  it('refuses a span whose ends split a surrogate pair or a grapheme of the text, saying which character', () => {
    const doc = 'Hi 😀 cafe\u0301 👩‍👩‍👧 北京 𠀀.';
    const text: AnnotationContext = { mediaType: 'text', schema: labelSchemaDefinition.parse({ labels: [{ id: 'per', name: 'Person', color: '#000000', tools: ['span'] }] }), extent: { textLength: doc.length }, text: doc };
    const check = (start: number, end: number) => checkAnnotation({ labelId: 'per', geometry: { type: 'span', start, end }, attributes: {} }, text).errors;
    const smile = doc.indexOf('😀');
    expect(check(smile, smile + 2)).toEqual([]);
    expect(check(smile, smile + 1)).toEqual([{ path: 'geometry.end', message: `offset ${smile + 1} splits a surrogate pair (the character “😀” takes two UTF-16 code units, at ${smile} and ${smile + 1})` }]);
    // The accent is part of the é: a span may not end between them.
    const e = doc.indexOf('e\u0301');
    expect(check(e - 3, e + 1)).toEqual([{ path: 'geometry.end', message: `offset ${e + 1} falls inside the character “e\u0301” (code units ${e} to ${e + 2}): a span may not split a grapheme` }]);
    expect(check(e - 3, e + 2)).toEqual([]);
    // Inside the family emoji (joined by ZWJ), between whole code points.
    const family = doc.indexOf('👩‍👩‍👧');
    expect(check(family + 2, family + 8).map((x) => x.path)).toEqual(['geometry.start']);
    expect(check(family, family + 8)).toEqual([]);
    // A supplementary CJK character: two code units, one character.
    const rare = doc.indexOf('𠀀');
    expect(check(rare + 1, rare + 2)[0].message).toMatch(/splits a surrogate pair/);
    // Without the text only the length is checked.
    expect(checkAnnotation({ labelId: 'per', geometry: { type: 'span', start: smile, end: smile + 1 }, attributes: {} }, { ...text, text: undefined }).errors).toEqual([]);
  });

  it('finds a grapheme split even where the grapheme is longer than the window looked at first', () => {
    const doc = `${'a'.repeat(200)}e${'\u0301'.repeat(150)}${'b'.repeat(200)}`;
    expect(splitProblem(doc, 201 + 100)).toMatch(/falls inside the character/);
    expect(splitProblem(doc, 200)).toBeNull();
    expect(splitProblem(doc, 351)).toBeNull();
  });

  it('flags self-intersecting polygons, also large ones', () => {
    expect(selfIntersects([[0, 0], [10, 0], [10, 10], [0, 10]])).toBe(false);
    expect(selfIntersects([[0, 0], [10, 10], [10, 0], [0, 10]])).toBe(true);
    const circle = Array.from({ length: 10_000 }, (_, i) => [Math.cos((i / 10_000) * 2 * Math.PI) * 1000, Math.sin((i / 10_000) * 2 * Math.PI) * 1000] as [number, number]);
    expect(selfIntersects(circle)).toBe(false);
    [circle[10], circle[5000]] = [circle[5000], circle[10]];
    expect(selfIntersects(circle)).toBe(true);
  });

  it('merges updates per property and undoes exactly what an op changed', () => {
    const ids = [ID, '6f1c1a52-7c53-4c4e-9d0e-1b2b3c4d5e70', '6f1c1a52-7c53-4c4e-9d0e-1b2b3c4d5e71'];
    const body = fc.oneof(
      fc.record({ id: fc.constantFrom(...ids), x: fc.integer({ min: 0, max: 100 }) }).map(({ id, x }): CommittedOpBody => ({
        type: 'create', clientId: 'client-0001', clientSeq: 1,
        annotation: { ...annotationInput.parse({ id, labelId: 'car', geometry: { type: 'box', x, y: 0, width: 5, height: 5 } }), schemaVersion: 1 },
      })),
      fc.record({ id: fc.constantFrom(...ids), kind: fc.constantFrom('sedan', 'van', null), z: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }) })
        .map(({ id, kind, z }): CommittedOpBody => ({ type: 'update', clientId: 'client-0001', clientSeq: 1, id, patch: { attributes: { kind }, zIndex: z } })),
      fc.constantFrom(...ids).map((id): CommittedOpBody => ({ type: 'delete', clientId: 'client-0001', clientSeq: 1, id })),
    );
    fc.assert(
      fc.property(fc.array(body, { maxLength: 30 }), (ops) => {
        const state: AnnotationState = new Map();
        for (const op of ops) {
          const before = new Map(state);
          const inverse = inverseOf(before, op);
          const outcome = applyOp(state, op, ID, '2026-01-01T00:00:00Z');
          if (outcome !== 'applied') continue;
          expect(inverse).not.toBeNull();
          const undone = new Map(state);
          applyOp(undone, { ...inverse!, clientId: 'client-0001', clientSeq: 2 } as CommittedOpBody, ID, '2026-01-01T00:00:00Z');
          const strip = (s: AnnotationState) => canonical(s).map(({ version: _v, createdAt: _c, updatedAt: _u, ...rest }) => rest);
          expect(strip(undone)).toEqual(strip(before));
        }
      }),
    );
  });
});
