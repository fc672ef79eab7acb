import { projectCreateRequest } from './projects';
import { SCHEMA_TEMPLATES, TEMPLATE_LANGUAGES, applyTemplate, templatesFor } from './schema-templates';

describe('schema templates', () => {
  it('offers the three DICOM templates the issue names', () => {
    expect(templatesFor('dicom').map((t) => t.id)).toEqual(['aortic-dissection-cta', 'lung-nodule-ct', 'liver-lesion-ct']);
    expect(templatesFor('image')).toEqual([]);
  });

  it.each(SCHEMA_TEMPLATES.flatMap((t) => TEMPLATE_LANGUAGES.map((lng) => [t.id, lng] as const)))('%s in %s makes a project the API accepts', (id, lng) => {
    const template = SCHEMA_TEMPLATES.find((t) => t.id === id)!;
    const applied = applyTemplate(template, lng);
    const parsed = projectCreateRequest.safeParse({ name: 'x', mediaType: template.mediaType, ...applied });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    // Both languages' guidelines, the creator's first.
    const [first, second] = applied.guidelines.split('\n---\n');
    expect(first).toContain(template.guidelines[lng].trim().split('\n')[0]);
    expect(second).toContain(template.guidelines[lng === 'en' ? 'zh-CN' : 'en'].trim().split('\n')[0]);
    expect(applied.labelSchema.labels.map((l) => l.name)).toEqual(template.labels.map((l) => l.name[lng]));
  });

  it('aortic dissection: the four segments, with Stanford and DeBakey as attributes', () => {
    const { labelSchema } = applyTemplate(SCHEMA_TEMPLATES[0], 'en');
    const segments = labelSchema.labels.filter((l) => l.tools.includes('segment')).map((l) => l.id);
    expect(segments).toEqual(['true-lumen', 'false-lumen', 'intimal-flap', 'entry-tear']);
    const attrs = labelSchema.labels.flatMap((l) => l.attributes ?? []);
    expect(attrs.find((a) => a.key === 'stanford')).toMatchObject({ type: 'select', options: ['A', 'B'] });
    expect(attrs.find((a) => a.key === 'debakey')).toMatchObject({ type: 'select', options: ['I', 'II', 'IIIa', 'IIIb'] });
  });

  it('lung nodule: a segment with long and short axis, Lung-RADS and consistency', () => {
    const nodule = applyTemplate(SCHEMA_TEMPLATES[1], 'zh-CN').labelSchema.labels[0];
    expect(nodule).toMatchObject({ id: 'nodule', name: '结节', tools: ['segment', 'bidirectional'] });
    expect(nodule.attributes?.map((a) => a.key)).toEqual(['lung-rads', 'consistency', 'lobe']);
    expect(nodule.attributes?.[1]).toMatchObject({ name: '密度类型', options: ['solid', 'part-solid', 'ground-glass'] });
  });
});
