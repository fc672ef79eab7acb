export * from './replica';
export * from './store';
export * from './sync-client';
export { Emitter } from './emitter';
