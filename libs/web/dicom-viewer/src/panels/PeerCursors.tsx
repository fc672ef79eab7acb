import type { Peer } from '@tessera/contracts';
import { useTranslation } from 'react-i18next';
import { NAMESPACE } from '../i18n';
import type { DicomEngine } from '../engine/viewer';
import { useEngineView } from '../engine-hooks';

/**
 * The others' cursors: on the slice shown, a dot where they point with their
 * name; on other slices, their name and slice in a line at the bottom (a jump
 * there is one click). Drawn over the viewport; the pointer goes through.
 */
export function PeerCursors({ engine, peers }: { engine: DicomEngine; peers: readonly Peer[] }) {
  const { t } = useTranslation(NAMESPACE);
  useEngineView(engine);
  const withCursor = peers.filter((p) => p.cursor && typeof p.cursor.slice === 'number');
  if (!withCursor.length) return null;
  const here = withCursor.filter((p) => p.cursor!.slice === engine.state.slice);
  const elsewhere = withCursor.filter((p) => p.cursor!.slice !== engine.state.slice);
  return (
    <>
      {here.map((p) => {
        const at = engine.elementPointOf(p.cursor!.x, p.cursor!.y);
        if (!at) return null;
        return (
          <div key={p.sessionId} className="dv-peer" style={{ left: at.x, top: at.y, color: p.color }} data-testid="dicom-peer-cursor" data-slice={p.cursor!.slice}>
            <span className="dv-peer-dot" style={{ background: p.color }} aria-hidden />
            <span className="dv-peer-name" style={{ background: p.color }}>{p.name}</span>
          </div>
        );
      })}
      {elsewhere.length > 0 && (
        <div className="dv-peers-elsewhere">
          {elsewhere.map((p) => (
            <button
              key={p.sessionId}
              type="button"
              style={{ borderColor: p.color }}
              onClick={() => void engine.setSlice(p.cursor!.slice!)}
              data-testid="dicom-peer-elsewhere"
              data-slice={p.cursor!.slice}
            >
              {t('peerOnSlice', { name: p.name, n: p.cursor!.slice! + 1 })}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
