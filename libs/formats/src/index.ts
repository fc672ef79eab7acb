export * from './model';
export * from './mapping';
export * from './match';
export * from './io/zip-writer';
export * from './io/file-tree';
export * from './geometry/rle';
export * from './geometry/shapes';
export * from './text/offsets';
