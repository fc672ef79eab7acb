// The decision table lives in the contracts so the browser hides exactly what
// the server refuses; the server is still the one that enforces it.
export { POLICY, ACTIONS, reachOf, allows, canAssignRole, type Action, type Reach } from '@tessera/contracts';
