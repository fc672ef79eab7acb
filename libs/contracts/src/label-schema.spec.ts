import { labelSchemaDefinition, projectCreateRequest, toolProblems, workflowSettings } from './index';

const label = (over: Record<string, unknown> = {}) => ({ id: 'car', name: 'Car', color: '#FF0000', tools: ['box'], ...over });
const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('label schema', () => {
  it('normalises colours and hotkeys to lower case and fills defaults', () => {
    const parsed = labelSchemaDefinition.parse({ labels: [label({ hotkey: 'Shift+C' })] });
    expect(parsed.labels[0]).toMatchObject({ color: '#ff0000', hotkey: 'shift+c', attributes: [] });
  });

  it.each([['red'], ['#fff'], ['#12345g'], ['#1234567']])('refuses the colour %s', (color) => {
    expect(issues(labelSchemaDefinition.safeParse({ labels: [label({ color })] }))).toEqual([expect.stringMatching(/^labels\.0\.color/)]);
  });

  it('refuses duplicate hotkeys, names (any case) and ids, pointing at the later label', () => {
    const r = labelSchemaDefinition.safeParse({ labels: [label({ hotkey: 'a' }), label({ name: 'CAR', hotkey: 'A' })] });
    expect(issues(r)).toEqual(expect.arrayContaining([
      'labels.1.id: id "car" is already used by label 1',
      'labels.1.name: name "car" is already used by label 1',
      'labels.1.hotkey: hotkey "a" is already used by label 1',
    ]));
  });

  it('refuses hotkeys the editor keeps, and multi-key chords', () => {
    for (const hotkey of ['ctrl+z', '?', 'ab', '']) expect(labelSchemaDefinition.safeParse({ labels: [label({ hotkey })] }).success).toBe(false);
  });

  it('checks typed attributes and their defaults', () => {
    const ok = labelSchemaDefinition.safeParse({ labels: [label({ attributes: [
      { key: 'kind', name: 'Kind', type: 'select', options: ['a', 'b'], default: 'b', required: true },
      { key: 'tags', name: 'Tags', type: 'multiselect', options: ['x', 'y'], default: ['x'] },
      { key: 'note', name: 'Note', type: 'text', maxLength: 10 },
      { key: 'score', name: 'Score', type: 'number', min: 0, max: 1, default: 0.5 },
      { key: 'ok', name: 'OK', type: 'boolean', default: true },
    ] })] });
    expect(ok.success).toBe(true);
    const bad = labelSchemaDefinition.safeParse({ labels: [label({ attributes: [
      { key: 'kind', name: 'Kind', type: 'select', options: ['a', 'a'], default: 'c' },
      { key: 'score', name: 'Score', type: 'number', min: 2, max: 1 },
      { key: 'score', name: 'Again', type: 'boolean', default: 'yes' },
      { key: 'n', name: 'N', type: 'number', default: Infinity },
    ] })] });
    expect(issues(bad)).toEqual(expect.arrayContaining([
      'labels.0.attributes.0.options: options must be unique',
      'labels.0.attributes.0.default: default is not one of the options',
      'labels.0.attributes.1.max: max is below min',
      expect.stringMatching(/^labels\.0\.attributes\.2\.default/),
      expect.stringMatching(/^labels\.0\.attributes\.3\.default/),
    ]));
  });

  it('refuses unknown fields instead of dropping them', () => {
    expect(issues(labelSchemaDefinition.safeParse({ labels: [label({ colour: '#000000' })] }))).toEqual([expect.stringMatching(/colour/)]);
  });

  it('keeps a relation label symmetric or directed, and refuses symmetric on any other label', () => {
    const ok = labelSchemaDefinition.parse({ labels: [label({ id: 'same', name: 'Same as', tools: ['relation'], symmetric: true }), label({ id: 'works', name: 'Works for', tools: ['relation'] })] });
    expect(ok.labels.map((l) => l.symmetric)).toEqual([true, undefined]);
    expect(issues(labelSchemaDefinition.safeParse({ labels: [label({ tools: ['span'], symmetric: true })] }))).toEqual(['labels.0.symmetric: only a relation label can be symmetric']);
  });

  it('checks skeleton edges against its points', () => {
    const r = labelSchemaDefinition.safeParse({ labels: [label({ tools: ['keypoints'], skeleton: { points: ['a', 'b'], edges: [[0, 1], [1, 1], [0, 5]] } })] });
    expect(issues(r)).toEqual(['labels.0.skeleton.edges.1: edge must join two different points of the skeleton', 'labels.0.skeleton.edges.2: edge must join two different points of the skeleton']);
  });
});

describe('tools per media type', () => {
  it('names every tool a label may not use in a project of that type', () => {
    const schema = labelSchemaDefinition.parse({ labels: [label({ tools: ['box', 'span'] })] });
    expect(toolProblems('image', schema)).toEqual([{ path: ['labels', 0, 'tools', 1], message: 'tool "span" is not available for image projects' }]);
    expect(toolProblems('text', schema).map((p) => p.path)).toEqual([['labels', 0, 'tools', 0]]);
  });

  it('is enforced when a project is created', () => {
    const r = projectCreateRequest.safeParse({ name: 'x', mediaType: 'dicom', labelSchema: { labels: [label()] } });
    expect(issues(r)).toEqual(['labelSchema.labels.0.tools.0: tool "box" is not available for dicom projects']);
  });
});

describe('workflow settings', () => {
  it('has sensible defaults and bounds', () => {
    expect(workflowSettings.parse({})).toEqual({ overlap: 1, reviewSampling: 1, goldRatio: 0, maxReworkRounds: 3, emptyAnnotations: 'warn', keepDicomOriginals: false, qc: { minAgreement: 0.7, minGoldAccuracy: 0.8, iouThreshold: 0.5, oksThreshold: 0.5, minDice: 0.9, maxHd95Mm: 3, lowGoldAction: 'full_review', showGoldFeedback: false, autoAcceptConsensus: false },
      rates: { mode: 'item', currency: 'USD', perItem: 0, perObject: 0, perLabel: {}, perReview: 0 },
      qualification: { required: false, passMark: 0.8, maxAttempts: 3 },
    });
    expect(workflowSettings.safeParse({ overlap: 0 }).success).toBe(false);
    expect(workflowSettings.safeParse({ reviewSampling: 1.5 }).success).toBe(false);
  });
});
