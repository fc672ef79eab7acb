import { ByteBudget, inTurn } from './concurrency';

const tick = () => new Promise((r) => setTimeout(r, 1));

it('maps with a bounded number in flight, keeping the order', async () => {
  let inFlight = 0;
  let most = 0;
  const out = await inTurn([5, 4, 3, 2, 1, 0], 2, async (n, i) => {
    most = Math.max(most, ++inFlight);
    await tick();
    inFlight--;
    return `${i}:${n}`;
  });
  expect(out).toEqual(['0:5', '1:4', '2:3', '3:2', '4:1', '5:0']);
  expect(most).toBe(2);
});

it('never holds more bytes than its budget, lets an oversized request run alone, and serves in order', async () => {
  const budget = new ByteBudget(100);
  let held = 0;
  let most = 0;
  const order: string[] = [];
  const job = (name: string, bytes: number) => budget.use(bytes, async () => {
    order.push(name);
    held += Math.min(bytes, 100);
    most = Math.max(most, held);
    if (bytes > 100) expect(held).toBe(100);
    await tick();
    held -= Math.min(bytes, 100);
  });
  await Promise.all([job('a', 60), job('b', 30), job('huge', 500), job('c', 10), job('d', 90)]);
  expect(most).toBeLessThanOrEqual(100);
  expect(order).toEqual(['a', 'b', 'huge', 'c', 'd']);
});
