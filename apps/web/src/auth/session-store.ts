import { create } from 'zustand';
import type { SessionUser, TokenResponse } from '@tessera/contracts';

/**
 * The access token lives only in memory: a page reload loses it on purpose and
 * the httpOnly refresh cookie brings it back, so no script can read a token
 * from storage.
 */
export type SessionStatus = 'loading' | 'needsSetup' | 'anonymous' | 'signedIn' | 'unreachable';

interface SessionState {
  status: SessionStatus;
  accessToken: string | null;
  user: SessionUser | null;
  /** Set when a signed-in session ended because refresh failed, so login can say why. */
  expired: boolean;
  signIn(token: TokenResponse): void;
  signOut(): void;
  expire(): void;
  setStatus(status: SessionStatus): void;
}

export const useSession = create<SessionState>((set, get) => ({
  status: 'loading',
  accessToken: null,
  user: null,
  expired: false,
  signIn: (token) => set({ status: 'signedIn', accessToken: token.accessToken, user: token.user, expired: false }),
  signOut: () => set({ status: 'anonymous', accessToken: null, user: null, expired: false }),
  expire: () => set({ status: 'anonymous', accessToken: null, user: null, expired: get().status === 'signedIn' }),
  setStatus: (status) => set({ status }),
}));
