export * from './dictionary';
export * from './part10';
export * from './deidentify';
export * from './geometry';
export * from './synthetic';
export * from './bounded';
