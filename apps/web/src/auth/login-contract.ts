// The login form's schema on its own: a dynamic import of the contracts' index would keep every contract (and
// every zod schema in it) in one chunk, which each page then evaluates whole to use one of them.
export { loginRequest } from '@tessera/contracts';
