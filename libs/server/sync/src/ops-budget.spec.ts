import { OpsBudget } from './ops-budget';

it('spends a burst at once, refuses what it does not have without spending it, and refills with time', () => {
  let now = 0;
  const budget = new OpsBudget(100, 300, () => now);
  expect(budget.take(250)).toBe(true);
  expect(budget.take(100)).toBe(false);
  // The refusal spent nothing: the 50 left are still there.
  expect(budget.take(50)).toBe(true);
  expect(budget.take(1)).toBe(false);
  now += 500;
  expect(budget.take(50)).toBe(true);
  expect(budget.take(1)).toBe(false);
  // A long pause saves up no more than the burst.
  now += 60_000;
  expect(budget.take(300)).toBe(true);
  expect(budget.take(1)).toBe(false);
});
