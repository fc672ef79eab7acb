// The demo data's generators and their ground truth, for benchmarks and tests that measure against it.
export * from './street-scenes';
export * from './news-corpus';
export * from './liver-ct';
export * from './prng';
export * from './demo-data';
