import { Checkbox, Space } from 'antd';
import type { Annotation, Label } from '@tessera/contracts';

/** Whole-image labels, toggled rather than drawn. */
export function TagsPanel({ labels, annotations, readOnly, onToggle }: { labels: readonly Label[]; annotations: readonly Annotation[]; readOnly: boolean; onToggle: (labelId: string) => void }) {
  return (
    <Space wrap>
      {labels.map((l) => {
        const on = annotations.some((a) => a.geometry.type === 'tag' && a.labelId === l.id);
        return (
          <Checkbox key={l.id} checked={on} disabled={readOnly} onChange={() => onToggle(l.id)} data-testid={`tag-${l.id}`}>
            <span className="ia-swatch" style={{ background: l.color }} aria-hidden />
            {l.name}
            {l.hotkey && <kbd className="ia-kbd">{l.hotkey}</kbd>}
          </Checkbox>
        );
      })}
    </Space>
  );
}
