// Model backends: built-in offline models, remote protocols and uploaded ONNX, behind one interface.
export * from './backend';
export * from './image';
export * from './ocr';
export * from './remote';
export * from './onnx';
export * from './factories';
export * from './registry';
export * from './text/spans';
export * from './text/english';
export * from './text/chinese';
export * from './ct/threshold';
