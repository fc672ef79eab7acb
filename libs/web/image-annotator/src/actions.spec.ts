import { IMAGE_EDITOR_KEYS } from '@tessera/contracts';
import { ACTIONS } from './actions';
import { TOOLS } from './engine/tools';

describe('the image editor action table', () => {
  it('has an action for every key of IMAGE_EDITOR_KEYS and no action without keys', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual(Object.keys(IMAGE_EDITOR_KEYS).sort());
  });

  it('gives every tool a key, and every tool key a tool', () => {
    const toolKeys = Object.keys(IMAGE_EDITOR_KEYS).filter((id) => id.startsWith('tool.')).map((id) => id.slice('tool.'.length));
    expect(toolKeys.sort()).toEqual([...TOOLS].sort());
  });

  it('names only real tools where a key is live in some tools only', () => {
    const named = Object.values(IMAGE_EDITOR_KEYS).flatMap((spec) => ('tools' in spec ? [...spec.tools] : []));
    expect(named.filter((t) => !(TOOLS as readonly string[]).includes(t))).toEqual([]);
  });
});
