import { useId, useRef, useState } from 'react';
import { RightOutlined } from '@ant-design/icons';
import type { EditorPanel } from '../editor-props';

const STORAGE_KEY = 'tessera.editor.panels';

function stored(): Record<string, boolean> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return v && typeof v === 'object' ? (v as Record<string, boolean>) : {};
  } catch {
    // Someone else's value under our key: start from the defaults.
    return {};
  }
}

/**
 * The side column's sections, each opened and closed by its heading (a
 * button with aria-expanded), remembered per section in this browser. A
 * section that asks to be open is opened each time it appears; one that
 * starts closed makes its content only once it is opened.
 */
export function SidePanels({ panels }: { panels: readonly EditorPanel[] }) {
  const asked = (list: readonly EditorPanel[]) => Object.fromEntries(list.filter((p) => p.open).map((p) => [p.key, true]));
  const [open, setOpen] = useState<Record<string, boolean>>(() => ({ ...stored(), ...asked(panels) }));
  // The keys of the last render: a section that asks to be open is opened as it appears.
  const keys = panels.map((p) => p.key).join('\n');
  const [known, setKnown] = useState(keys);
  if (known !== keys) {
    const before = new Set(known.split('\n'));
    setKnown(keys);
    const appearing = asked(panels.filter((p) => !before.has(p.key)));
    if (Object.keys(appearing).length) setOpen((o) => ({ ...o, ...appearing }));
  }

  const toggle = (key: string) =>
    setOpen((o) => {
      const next = { ...o, [key]: !(o[key] ?? !panels.find((p) => p.key === key)?.closed) };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  return (
    <>
      {panels.map((p) => (
        <Section key={p.key} panel={p} open={open[p.key] ?? !p.closed} onToggle={() => toggle(p.key)} />
      ))}
    </>
  );
}

function Section({ panel, open, onToggle }: { panel: EditorPanel; open: boolean; onToggle: () => void }) {
  const id = useId();
  // A section's content is made the first time it opens, and kept after (a comment half-written survives closing it).
  const opened = useRef(open);
  opened.current ||= open;
  return (
    <section className={`eu-section${open ? ' is-open' : ''}`} data-testid={panel.testId} data-panel={panel.key}>
      <h3 className="eu-section-head">
        <button type="button" className="eu-section-toggle" aria-expanded={open} aria-controls={id} onClick={onToggle}>
          <RightOutlined className="eu-section-arrow" aria-hidden />
          {panel.title}
        </button>
        {panel.extra && <span className="eu-section-extra">{panel.extra}</span>}
      </h3>
      <div id={id} className="eu-section-body" hidden={!open}>
        {opened.current && panel.children}
      </div>
    </section>
  );
}
