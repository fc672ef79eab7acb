/**
 * Tiny YOLO-shaped ONNX models written byte by byte as ONNX protobuf, for
 * tests (no model file is downloaded or checked in): a graph that answers
 * fixed YOLO rows plus the image's mean times zero, so it reads its input.
 */
// --- a minimal protobuf writer: varints, length-delimited fields, packed floats and int64s
const varint = (n: number): number[] => {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
};
const key = (field: number, wire: number) => varint((field << 3) | wire);
const vint = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: number[] | Uint8Array) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')]);
const floats = (field: number, f: number[]) => bytes(field, [...new Uint8Array(Float32Array.from(f).buffer)]);
const packedInts = (field: number, xs: number[]) => bytes(field, xs.flatMap(varint));

const FLOAT = 1;
const tensor = (name: string, dims: number[], values: number[]) => [...packedInts(1, dims), ...vint(2, FLOAT), ...floats(4, values), ...str(8, name)];
const valueInfo = (name: string, shape: number[]) => {
  const dimsProto = shape.flatMap((d) => bytes(1, vint(1, d)));
  const tensorType = [...vint(1, FLOAT), ...bytes(2, dimsProto)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
};
const node = (op: string, inputs: string[], outputs: string[], attrs: number[][] = []) => [
  ...inputs.flatMap((i) => str(1, i)), ...outputs.flatMap((o) => str(2, o)), ...str(3, `${op}_${outputs[0]}`), ...str(4, op), ...attrs.flatMap((a) => bytes(5, a)),
];
const intAttr = (name: string, v: number) => [...str(1, name), ...vint(3, v), ...vint(20, 2)];

/** A model whose output is `rows` (shape [1, a, b]) whatever the image. */
export function tinyModel(outShape: [number, number, number], values: number[], size = 640): Uint8Array {
  const graph = [
    ...bytes(1, node('ReduceMean', ['images'], ['mean'], [intAttr('keepdims', 0)])),
    ...bytes(1, node('Mul', ['mean', 'zero'], ['nothing'])),
    ...bytes(1, node('Add', ['rows', 'nothing'], ['output0'])),
    ...str(2, 'tiny-yolo'),
    ...bytes(5, tensor('zero', [1], [0])),
    ...bytes(5, tensor('rows', outShape, values)),
    ...bytes(11, valueInfo('images', [1, 3, size, size])),
    ...bytes(12, valueInfo('output0', outShape)),
  ];
  return Uint8Array.from([...vint(1, 8), ...str(2, 'tessera-test'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...vint(2, 13)])]);
}

/** YOLOv8 layout [1, 4 + nc, n]: feature-major, so column i is box i. */
export function v8(boxes: { cx: number; cy: number; w: number; h: number; scores: number[] }[]): Uint8Array {
  const nc = boxes[0].scores.length;
  const rows = 4 + nc;
  const vals = new Array(rows * boxes.length).fill(0);
  boxes.forEach((b, i) => [b.cx, b.cy, b.w, b.h, ...b.scores].forEach((v, f) => (vals[f * boxes.length + i] = v)));
  return tinyModel([1, rows, boxes.length], vals);
}

