import { PerTurn } from './per-turn';

describe('PerTurn', () => {
  it('sends what one turn asked for together, and a later turn on its own', async () => {
    const sent: number[][][] = [];
    const batch = new PerTurn<number>(async (parts) => void sent.push(parts.map((p) => [...p])));
    await Promise.all([batch.add([1, 2]), batch.add([3])]);
    await batch.add([4]);
    expect(sent).toEqual([[[1, 2], [3]], [[4]]]);
  });

  it('fails only the callers whose parts the sender says failed, and every caller when it throws', async () => {
    const refused = new Error('refused');
    const perPart = new PerTurn<string>(async (parts) => parts.map((p) => (p.includes('bad') ? refused : undefined)));
    expect((await Promise.allSettled([perPart.add(['good']), perPart.add(['bad'])])).map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    const down = new PerTurn<string>(async () => {
      throw new Error('Redis away');
    });
    expect((await Promise.allSettled([down.add(['a']), down.add(['b'])])).map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('drains what was asked for before it returns', async () => {
    let sent = 0;
    const batch = new PerTurn<number>(async (parts) => {
      await new Promise((r) => setTimeout(r, 20));
      sent += parts.length;
    });
    void batch.add([1]);
    await batch.drain();
    expect(sent).toBe(1);
  });
});
