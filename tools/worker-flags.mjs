/**
 * The worker's node flags, as the Dockerfile's worker CMD gives them (keep the two alike; the Dockerfile says why
 * each): `npm run up` and the benches start the worker as it runs in production.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=16', '--heap-growing-percent=100'];
