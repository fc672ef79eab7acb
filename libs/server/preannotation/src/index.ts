export * from './preannotation.module';
export * from './models.service';
export * from './model-accuracy';
export * from './accuracy';
export * from './model-inference';
export * from './model-inputs';
export * from './preannotation-runner';
