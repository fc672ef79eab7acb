import { PRESENCE_PER_SECOND, type PresenceUpdate } from '@tessera/contracts';
import { PresencePacer } from './presence';

const SET = '00000000-0000-4000-8000-000000000001';
const at = (x: number): PresenceUpdate => ({ setId: SET, cursor: { x, y: 0 } });

afterEach(() => jest.useRealTimers());

it(`sends at most ${PRESENCE_PER_SECOND} updates a second, each the latest one, and drops those in between`, () => {
  jest.useFakeTimers();
  const sent: number[] = [];
  const pacer = new PresencePacer((u) => sent.push(u.cursor!.x));
  pacer.offer(at(1));
  jest.advanceTimersByTime(0);
  expect(sent).toEqual([1]);
  // A burst within one interval: only its last update goes, once the interval has passed.
  for (let x = 2; x <= 9; x++) pacer.offer(at(x));
  jest.advanceTimersByTime(1000 / PRESENCE_PER_SECOND - 1);
  expect(sent).toEqual([1]);
  jest.advanceTimersByTime(1);
  expect(sent).toEqual([1, 9]);
  // Stopped (the connection left): what waits is never sent.
  pacer.offer(at(10));
  pacer.stop();
  jest.advanceTimersByTime(1000);
  expect(sent).toEqual([1, 9]);
});

it('amends the last entry it sent: a cursor update keeps the selection sent before', () => {
  const pacer = new PresencePacer(() => undefined);
  const who = { sessionId: 's1', userId: 'u1', name: 'Li', color: '#123456', canEdit: true };
  pacer.amend({ setId: SET, selection: ['a'] }, who);
  const peer = pacer.amend({ setId: SET, cursor: { x: 3, y: 4 } }, { ...who, canEdit: false });
  expect(peer).toMatchObject({ selection: ['a'], cursor: { x: 3, y: 4 }, canEdit: false, sessionId: 's1' });
  expect(peer).not.toHaveProperty('setId');
});
