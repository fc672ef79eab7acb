import { Slider, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NAMESPACE } from '../i18n';
import type { DicomEngine } from '../engine/viewer';
import { useEngineView } from '../engine-hooks';

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The corners of the viewport: series, slice, position, window, zoom (text only: the pointer goes through). */
export function Overlay({ engine }: { engine: DicomEngine }) {
  const { t } = useTranslation(NAMESPACE);
  useEngineView(engine);
  const s = engine.state;
  const p = s.position;
  return (
    <>
      <div className="dv-overlay tl" data-testid="dicom-overlay-series">
        <div>{s.modality}</div>
        <div>{s.seriesDescription}</div>
      </div>
      <div className="dv-overlay tr" data-testid="dicom-overlay-slice">
        <div>{t('sliceOf', { n: s.slice + 1, count: s.slices })}</div>
        {p && <div>{t('position', { x: r1(p[0]), y: r1(p[1]), z: r1(p[2]) })}</div>}
        {s.loaded < s.slices && <div>{t('loadedOf', { n: s.loaded, count: s.slices })}</div>}
      </div>
      <div className="dv-overlay bl" data-testid="dicom-overlay-window">
        {s.window && <div>{t('windowValue', { width: Math.round(s.window.width), center: Math.round(s.window.center) })}</div>}
      </div>
      <div className="dv-overlay br">
        <div>{t('zoomValue', { pct: Math.round(s.zoom * 100) })}</div>
      </div>
    </>
  );
}

/**
 * Slices by slider (also by wheel and keys). `slices`, the series' length, is the host's (its file list): the slider
 * takes its place with the viewer rather than after the first slice is loaded, so the viewport has its final size
 * before Cornerstone sizes its canvas. Shrinking it after the first image made Cornerstone reallocate its WebGL
 * canvas and draw the slice again, which in software WebGL put off the first image's frame.
 * With MPR open it moves the view last pointed at, as the wheel and the keys do (the stack is hidden under MPR);
 * while the volume is still being built it waits.
 */
export function SliceSlider({ engine, slices }: { engine: DicomEngine; slices: number }) {
  const { t } = useTranslation(NAMESPACE);
  useEngineView(engine);
  const s = engine.state;
  if (slices < 2) return null;
  const mpr = s.mpr === 'ready' ? engine.mpr : null;
  const at = mpr ? mpr.sliceOf(mpr.active) : s.mpr === 'closed' ? { index: s.slice, count: slices } : null;
  // While the volume builds the slider stays where the stack was, disabled.
  const shown = at ?? { index: s.slice, count: slices };
  const label = mpr ? t(`mprViews.${mpr.active}`) : t('slice');
  return (
    <div className="dv-slider">
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Slider
        min={1}
        max={shown.count}
        value={shown.index + 1}
        disabled={!at}
        onChange={(v: number) => (mpr && at ? mpr.scroll(v - 1 - at.index) : void engine.setSlice(v - 1))}
        ariaLabelForHandle={label}
        // The slice is written beside it; the tooltip only repeated it, and stayed up with a stale number once the
        // slider moved on to another MPR view.
        tooltip={{ open: false }}
      />
      <Typography.Text data-testid="dicom-slice">{`${shown.index + 1} / ${shown.count}`}</Typography.Text>
    </div>
  );
}
