// One set of SWC options for the server build and for Jest: NestJS and
// TypeORM need legacy decorators with emitted design-type metadata, which
// esbuild cannot produce on its own.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, tsx: false },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
