import { createRequire } from 'node:module';

const load = createRequire(__filename);

/**
 * A package loaded on first use rather than when the process starts. The
 * language packages (compromise, wink's model, jieba's dictionary) hold about
 * 40 MB once loaded; every worker loads this library, and most never run a
 * text model, so loading them at start only raised every worker's memory
 * (an export's peak RSS is mostly the idle worker). The caller names the type.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name) as T);
}

/** A CommonJS package's default export as `import x from` gives it (esModuleInterop). */
export function defaultOf<T>(m: unknown): T {
  return ((m as { __esModule?: boolean; default?: unknown }).__esModule ? (m as { default: T }).default : m) as T;
}
