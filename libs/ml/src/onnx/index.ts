export { OnnxYoloBackend, OnnxModelError, loadOnnxYolo, closeOnnxSessions, type OnnxYoloOptions } from './onnx-yolo';
export { tinyModel as tinyYoloOnnx, v8 as tinyYoloV8Onnx } from './tiny-model';
