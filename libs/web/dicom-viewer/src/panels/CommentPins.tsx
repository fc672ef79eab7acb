import type { CommentPin } from '@tessera/web/editor-ui/core';
import { useTranslation } from 'react-i18next';
import { NAMESPACE } from '../i18n';
import type { DicomEngine } from '../engine/viewer';
import { useEngineView } from '../engine-hooks';

/**
 * Comments pinned to a place in the series (`point`: pixel column and row, and
 * the slice as `z`): on the slice shown, a numbered marker there; on other
 * slices, a button per pin that goes to its slice. The one being written is
 * hollow and unnumbered. Drawn over the viewport; the pointer goes through.
 */
export function CommentPins({ engine, pins }: { engine: DicomEngine; pins: readonly CommentPin[] }) {
  const { t } = useTranslation(NAMESPACE);
  useEngineView(engine);
  const placed = pins.filter((p) => p.point && typeof p.point.z === 'number');
  if (!placed.length) return null;
  const here = placed.filter((p) => p.point!.z === engine.state.slice);
  const elsewhere = placed.filter((p) => p.point!.z !== engine.state.slice && !p.draft);
  return (
    <>
      {here.map((p) => {
        const at = engine.elementPointOf(p.point!.x, p.point!.y);
        if (!at) return null;
        return (
          <div key={p.draft ? 'draft' : p.n} className={`dv-pin${p.draft ? ' is-draft' : ''}${p.resolved ? ' is-resolved' : ''}`} style={{ left: at.x, top: at.y }}
            data-testid="dicom-comment-pin" data-n={p.n} data-slice={p.point!.z} aria-hidden>
            {p.draft ? '' : p.n}
          </div>
        );
      })}
      {elsewhere.length > 0 && (
        <div className="dv-pins-elsewhere">
          {elsewhere.map((p) => (
            <button key={p.n} type="button" onClick={() => void engine.setSlice(p.point!.z!)} data-testid="dicom-comment-elsewhere" data-slice={p.point!.z}>
              {t('commentOnSlice', { n: p.n, slice: p.point!.z! + 1 })}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
