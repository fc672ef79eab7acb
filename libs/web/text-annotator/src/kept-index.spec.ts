import { keptIndex } from './kept-index';

const item = (id: string, v = 1) => ({ id, v });

describe('an index kept from one list to the next', () => {
  it('follows additions at the end, items replaced in place, and anything else by starting over', () => {
    const indexOf = keptIndex<{ id: string; v: number }>();
    const a = item('a');
    const b = item('b');
    const first = [a, b];
    expect(indexOf(first).get('b')).toBe(b);

    // One added at the end, one replaced by a new version of itself.
    const b2 = item('b', 2);
    const c = item('c');
    const second = indexOf([a, b2, c]);
    expect(second.get('b')).toBe(b2);
    expect(second.get('c')).toBe(c);

    // One removed: nothing of it is left.
    const third = indexOf([a, c]);
    expect(third.has('b')).toBe(false);
    expect(third.get('c')).toBe(c);

    // Reordered: every id still found, by its own item.
    const fourth = indexOf([c, a]);
    expect([fourth.get('a'), fourth.get('c'), fourth.has('b')]).toEqual([a, c, false]);
  });

  it('starts over when more than a few items changed in place', () => {
    const indexOf = keptIndex<{ id: string; v: number }>();
    const many = Array.from({ length: 200 }, (_, i) => item(`x${i}`));
    indexOf(many);
    const changed = many.map((x) => item(x.id, 2));
    const index = indexOf(changed);
    expect(changed.every((x) => index.get(x.id) === x)).toBe(true);
  });
});

describe('an index built when first asked', () => {
  it('answers for its own list whether or not the one before it was ever asked', () => {
    const indexOf = keptIndex<{ id: string; v: number }>();
    const a = item('a');
    const b = item('b');
    // Never asked: the next list starts its own map.
    indexOf([a]);
    const second = indexOf([a, b]);
    expect([second.get('a'), second.get('b')]).toEqual([a, b]);
    // Asked: carried over to the next list, and an earlier index still answers for what it holds.
    const c = item('c');
    const third = indexOf([a, b, c]);
    expect(third.get('c')).toBe(c);
    const first = indexOf([b]);
    expect([first.has('a'), first.get('b')]).toEqual([false, b]);
  });
});
