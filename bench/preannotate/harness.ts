// What the preannotate bench runs, bundled by esbuild from the TypeScript sources: the built-in models themselves.
export { EnglishEntities, ChineseEntities, CtThreshold } from '@tessera/ml';
export { huAt, CT_PIXEL_SPACING, CT_SPACING, CT_SIZE } from '@tessera/seeds';
