import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NAMESPACE } from '../i18n';
import type { DicomEngine } from '../engine/viewer';
import { useEngineView } from '../engine-hooks';
import { MPR_COLOURS, MPR_VIEWS, type MprView } from '../engine/mpr';

/**
 * The three MPR views over the stage while MPR is open: each an element the
 * engine gives to a Cornerstone volume viewport, framed in its reference-line
 * colour, with its name and slice in the corners.
 */
export function MprPanes({ engine }: { engine: DicomEngine }) {
  const { t } = useTranslation(NAMESPACE);
  const axial = useRef<HTMLDivElement>(null);
  const sagittal = useRef<HTMLDivElement>(null);
  const coronal = useRef<HTMLDivElement>(null);
  const refs: Record<MprView, React.RefObject<HTMLDivElement | null>> = { axial, sagittal, coronal };
  useEngineView(engine);

  useLayoutEffect(() => {
    void engine.startMpr({ axial: axial.current!, sagittal: sagittal.current!, coronal: coronal.current! });
    return () => engine.stopMpr();
  }, [engine]);

  const s = engine.state;
  return (
    <div className="dv-mpr" data-testid="dicom-mpr" data-state={s.mpr} aria-label={t('mprHint')}>
      {MPR_VIEWS.map((view) => {
        const at = s.mpr === 'ready' ? engine.mpr?.sliceOf(view) : null;
        const active = engine.mpr?.active === view;
        return (
          <div key={view} className="dv-mpr-pane" data-testid={`dicom-mpr-pane-${view}`} data-active={active} style={{ borderColor: MPR_COLOURS[view], color: MPR_COLOURS[view] }}>
            <div ref={refs[view]} className="dv-viewport" data-testid={`dicom-mpr-${view}`} onContextMenu={(e) => e.preventDefault()} />
            {active && <div className="dv-mpr-active" aria-hidden />}
            <div className="dv-overlay tl" style={{ color: MPR_COLOURS[view] }}>{t(`mprViews.${view}`)}</div>
            {at && <div className="dv-overlay tr" data-testid={`dicom-mpr-${view}-slice`}>{t('sliceOf', { n: at.index + 1, count: at.count })}</div>}
          </div>
        );
      })}
      {s.mpr === 'loading' && (
        <div className="dv-mpr-loading" role="status">
          {t('mprLoading', { n: s.mprLoaded || s.loaded, count: s.slices })}
        </div>
      )}
    </div>
  );
}
