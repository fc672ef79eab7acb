import type { Label } from '@tessera/contracts';
import { labelsFor, toolFor } from './tool';

const label = (id: string, tools: string[]) => ({ id, name: id, color: '#000000', tools, attributes: [] }) as unknown as Label;
const car = label('car', ['box', 'polygon', 'mask']);
const person = label('person', ['keypoints', 'box']);
const night = label('night', ['tag']);

describe('which labels and tools go together', () => {
  it('offers a drawing tool only the labels that may draw its geometry, and select every label', () => {
    expect(labelsFor([car, person, night], 'box').map((l) => l.id)).toEqual(['car', 'person']);
    expect(labelsFor([car, person, night], 'brush').map((l) => l.id)).toEqual(['car']);
    expect(labelsFor([car, person, night], 'select').map((l) => l.id)).toEqual(['car', 'person', 'night']);
  });

  it('keeps the tool when the chosen label may draw with it, or when nothing is being drawn', () => {
    expect(toolFor(person, 'box')).toBe('box');
    expect(toolFor(person, 'select')).toBe('select');
  });

  it("switches to the label's first tool when it may not draw with the current one", () => {
    expect(toolFor(person, 'polygon')).toBe('box');
    expect(toolFor(car, 'keypoints')).toBe('box');
    expect(toolFor(car, 'eraser')).toBe('eraser');
  });

  it('keeps the tool when the label draws nothing (a tag)', () => {
    expect(toolFor(night, 'polygon')).toBe('polygon');
  });
});
