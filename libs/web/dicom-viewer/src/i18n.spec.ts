import { DICOM_VIEWER_KEYS } from '@tessera/contracts';
import { dicomViewerMessages } from './i18n';

/** A message by its dotted path, or undefined. */
const at = (messages: object, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), messages);

describe('the viewer’s words', () => {
  it.each(['en', 'zh-CN'] as const)('every key of the viewer has a title for the sheet in %s, and every tool a name and a hint', (lng) => {
    const messages = dicomViewerMessages[lng];
    const missing: string[] = [];
    for (const id of Object.keys(DICOM_VIEWER_KEYS)) {
      if (typeof at(messages, `actions.${id}`) !== 'string') missing.push(`actions.${id}`);
      if (id.startsWith('tool.')) {
        const tool = id.slice('tool.'.length);
        for (const path of [`tools.${tool}`, `hints.${tool}`]) if (typeof at(messages, path) !== 'string') missing.push(path);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the segmentation tools’ words merge into the viewer’s groups without dropping the brush’s', () => {
    expect(dicomViewerMessages.en.tools).toMatchObject({ brush: 'Brush', regionGrow: 'Region grow' });
    expect(dicomViewerMessages['zh-CN'].hints).toMatchObject({ brush: expect.any(String), regionGrow: expect.stringContaining('HU 容差') });
  });
});
