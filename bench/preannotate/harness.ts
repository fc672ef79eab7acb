// What the preannotate bench runs, bundled by esbuild from the TypeScript sources: backends made by kind through
// the registry, as the worker makes them, and the outbound guard's fetch that remote ones are handed.
export { modelKind, closeModelThreads } from '@tessera/ml';
export { guardedFetch } from '@tessera/server/storage';
export { huAt, CT_PIXEL_SPACING, CT_SPACING, CT_SIZE } from '@tessera/seeds';
