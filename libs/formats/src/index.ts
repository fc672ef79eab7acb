export * from './model';
export * from './mapping';
export * from './match';
export * from './io/zip-writer';
export * from './io/file-tree';
export * from './geometry/rle';
export * from './geometry/shapes';
export * from './text/offsets';
export * from './registry';
export * from './csv-cell';
export * from './dicom/series-info';
export * from './dicom/seg';
export * from './dicom/nifti';
// Label Studio's results and labelling config, for the Label Studio ML backend client (libs/ml).
export { lsItem } from './label-studio/ls-import';
export { lsConfig, lsResults } from './label-studio/ls-export';
