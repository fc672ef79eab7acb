import type { CommentPin } from '@tessera/web/editor-ui/core';
import { useTranslation } from 'react-i18next';
import { NAMESPACE } from '../i18n';
import type { DicomEngine } from '../engine/viewer';
import { useEngineView } from '../engine-hooks';

/**
 * Comments pinned to a place in the series (`point`: pixel column and row, and
 * the slice as `z`), to a measurement (at its first point, on its slice) or to a
 * segment (at one of its pixels, on the middle of its slices): on
 * the slice shown, a numbered marker there; on other slices, a button per pin
 * that goes to its slice. The one being written is hollow and unnumbered.
 * Drawn over the viewport; the pointer goes through.
 */
export function CommentPins({ engine, pins }: { engine: DicomEngine; pins: readonly CommentPin[] }) {
  const { t } = useTranslation(NAMESPACE);
  useEngineView(engine);
  const placed = pins.flatMap((p) => {
    if (p.point && typeof p.point.z === 'number') return [{ pin: p, slice: p.point.z, at: () => engine.elementPointOf(p.point!.x, p.point!.y) }];
    const anchor = p.annotationId ? engine.anchorOf(p.annotationId) : null;
    if (!anchor) return [];
    const at = 'world' in anchor ? () => engine.elementPointOfWorld(anchor.world) : () => engine.elementPointOf(anchor.pixel.col, anchor.pixel.row);
    return [{ pin: p, slice: anchor.slice, at }];
  });
  if (!placed.length) return null;
  const here = placed.filter((x) => x.slice === engine.state.slice);
  const elsewhere = placed.filter((x) => x.slice !== engine.state.slice && !x.pin.draft);
  return (
    <>
      {here.map(({ pin: p, slice, at }) => {
        const where = at();
        if (!where) return null;
        return (
          <div key={p.draft ? 'draft' : p.n} className={`dv-pin${p.draft ? ' is-draft' : ''}${p.resolved ? ' is-resolved' : ''}`} style={{ left: where.x, top: where.y }}
            data-testid="dicom-comment-pin" data-n={p.n} data-slice={slice} data-annotation={p.point ? undefined : (p.annotationId ?? undefined)} aria-hidden>
            {p.draft ? '' : p.n}
          </div>
        );
      })}
      {elsewhere.length > 0 && (
        <div className="dv-pins-elsewhere">
          {elsewhere.map(({ pin: p, slice }) => (
            <button key={p.n} type="button" onClick={() => void engine.setSlice(slice)} data-testid="dicom-comment-elsewhere" data-slice={slice}>
              {t('commentOnSlice', { n: p.n, slice: slice + 1 })}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
