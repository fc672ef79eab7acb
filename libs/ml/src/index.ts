// Model backends: built-in offline models, remote protocols and uploaded ONNX, behind one interface.
export * from './backend';
