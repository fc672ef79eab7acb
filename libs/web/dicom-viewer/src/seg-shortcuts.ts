import type { DICOM_VIEWER_KEYS } from '@tessera/contracts';
import type { Shortcut } from '@tessera/web/editor-ui';
import type { DicomEngine } from './engine/viewer';

type ActionId = Exclude<keyof typeof DICOM_VIEWER_KEYS, `tool.${string}` | `preset.${string}`>;
type One = (id: ActionId, run: () => unknown, when?: () => boolean) => Shortcut;

/** The keys of the segmentation tools' settings and of the chosen segment (visibility, lock, opacity). */
export function segShortcuts(engine: DicomEngine, one: One): Shortcut[] {
  const growing = () => engine.tool === 'regionGrow';
  const chosen = () => (engine.labelId && engine.segmentLabels().some((l) => l.id === engine.labelId) ? engine.labelId : null);
  const onChosen = (run: (labelId: string) => void) => () => {
    const id = chosen();
    if (id) run(id);
  };
  const step = 0.1;
  return [
    one('toleranceDown', () => engine.setGrow({ tolerance: engine.segTools.grow.tolerance - 5 }), growing),
    one('toleranceUp', () => engine.setGrow({ tolerance: engine.segTools.grow.tolerance + 5 }), growing),
    one('growMode', () => engine.setGrow({ mode: engine.segTools.grow.mode === '3d' ? '2d' : '3d' })),
    one('growConnectivity', () => engine.setGrow({ connectivity: engine.segTools.grow.connectivity === 6 ? 26 : 6 })),
    one('fillHoles', () => engine.fillHoles()),
    one('segmentVisibility', onChosen((id) => engine.setHidden(id, !engine.hidden.has(id)))),
    one('segmentLock', onChosen((id) => engine.setLocked(id, !engine.isLocked(id)))),
    one('segmentOpacityDown', onChosen((id) => engine.setSegmentOpacity(id, Math.round((engine.segmentOpacity(id) - step) * 10) / 10))),
    one('segmentOpacityUp', onChosen((id) => engine.setSegmentOpacity(id, Math.round((engine.segmentOpacity(id) + step) * 10) / 10))),
  ];
}
