export * from './playground/scene';
