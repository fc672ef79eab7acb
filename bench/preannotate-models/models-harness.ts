// Bundled by bench/preannotate-models.bench.mjs: the model backends of libs/ml, as the worker would call them.
export { CocoDetector, TesseractOcr, PpOcr, LabelStudioBackend, closeModelThreads } from '@tessera/ml';
