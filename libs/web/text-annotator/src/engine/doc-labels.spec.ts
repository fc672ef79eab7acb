import type { Annotation, Label } from '@tessera/contracts';
import { docLabelKeyAction, docLabelOps } from './doc-labels';

const at = '2026-01-01T00:00:00.000Z';
const sports: Label = { id: 'sports', name: 'Sports', color: '#1677ff', tools: ['doc-label'], attributes: [] };
const summary: Label = {
  id: 'meta', name: 'About', color: '#fa8c16', tools: ['doc-label'],
  attributes: [
    { key: 'sentiment', name: 'Sentiment', type: 'select', options: ['positive', 'negative'], required: true },
    { key: 'topics', name: 'Topics', type: 'multiselect', options: ['economy', 'politics'], required: false },
    { key: 'summary', name: 'Summary', type: 'text', required: false },
  ],
};
const existing = (attributes: Annotation['attributes']): Annotation => ({
  id: 'd1', labelId: 'meta', geometry: { type: 'doc-label' }, attributes, schemaVersion: 1, source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null, version: 1, createdBy: 'u', updatedBy: 'u', createdAt: at, updatedAt: at,
});
const id = () => 'new-id';

describe('document labels', () => {
  it('toggle a classification without attributes: made when applied, deleted when taken off', () => {
    expect(docLabelOps(sports, undefined, null, true, id)).toEqual([{ type: 'create', annotation: { id: 'new-id', labelId: 'sports', geometry: { type: 'doc-label' } } }]);
    expect(docLabelOps(sports, { ...existing({}), labelId: 'sports' }, null, false, id)).toEqual([{ type: 'delete', id: 'd1' }]);
    expect(docLabelOps(sports, undefined, null, false, id)).toEqual([]);
    expect(docLabelKeyAction(sports)).toBe('toggle');
  });

  it('make the annotation with the first value given, and patch one attribute after', () => {
    expect(docLabelOps(summary, undefined, 'sentiment', 'positive', id)).toEqual([
      { type: 'create', annotation: { id: 'new-id', labelId: 'meta', geometry: { type: 'doc-label' }, attributes: { sentiment: 'positive' } } },
    ]);
    const a = existing({ sentiment: 'positive' });
    expect(docLabelOps(summary, a, 'topics', ['economy', 'politics'], id)).toEqual([{ type: 'update', id: 'd1', patch: { attributes: { topics: ['economy', 'politics'] } } }]);
    expect(docLabelOps(summary, a, 'summary', 'Markets rose.', id)).toEqual([{ type: 'update', id: 'd1', patch: { attributes: { summary: 'Markets rose.' } } }]);
    expect(docLabelKeyAction(summary)).toBe('focus');
  });

  it('clear an attribute with null, and send nothing when nothing changes', () => {
    const a = existing({ sentiment: 'positive', topics: ['economy'] });
    expect(docLabelOps(summary, a, 'sentiment', 'positive', id)).toEqual([]);
    expect(docLabelOps(summary, a, 'topics', ['economy'], id)).toEqual([]);
    expect(docLabelOps(summary, a, 'topics', null, id)).toEqual([{ type: 'update', id: 'd1', patch: { attributes: { topics: null } } }]);
    expect(docLabelOps(summary, undefined, 'summary', null, id)).toEqual([]);
  });
});
