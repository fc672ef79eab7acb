// Model backends: built-in offline models, remote protocols and uploaded ONNX, behind one interface.
export * from './backend';
export * from './image';
export * from './ocr';
export * from './remote';
export * from './onnx';
export * from './factories';
