export { OnnxYoloBackend, OnnxModelError, loadOnnxYolo, closeOnnxSessions, type OnnxYoloOptions } from './onnx-yolo';
